#!/usr/bin/env bash
# Runs the pinned Azurite blob service on 127.0.0.1 in the foreground (exec, so $! of a caller that
# backgrounds this script is Azurite's own PID).
#   azurite/start.sh [data-dir] [blob-port]      defaults: .data/azurite under the repo, 10000
#   azurite/start.sh --in-memory [blob-port]     nothing written to disk
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$here/node_modules/.bin/azurite-blob" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
where=${1:-$here/../.data/azurite}
port=${2:-10000}
if [ "$where" = "--in-memory" ]; then
  store=(--inMemoryPersistence)
else
  mkdir -p "$where"
  store=(--location "$where")
fi
# --skipApiVersionCheck: Azure.Storage.Blobs 12.30.1 speaks a newer API version than Azurite 3.37.0.
exec "$here/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" "${store[@]}" \
  --skipApiVersionCheck --silent --disableTelemetry
