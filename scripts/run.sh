#!/usr/bin/env bash
# Runs TraceGrains on its single-node default: Azurite (data in .data/azurite) and one API process
# that co-hosts the silo. Ready when it prints "TraceGrains is ready"; Ctrl-C stops both.
# Keys: a development key of workspace "default" in .data/dev-key and an admin key in
# .data/admin-key, made on the first run and kept (TraceGrains__Auth__DevKey / __AdminKey win).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run_dir="$root/.run"; mkdir -p "$run_dir"
export TraceGrains__Auth__DevKey="${TraceGrains__Auth__DevKey:-$(scripts/keys.sh dev "$root/.data/dev-key")}"
export TraceGrains__Auth__AdminKey="${TraceGrains__Auth__AdminKey:-$(scripts/keys.sh admin "$root/.data/admin-key")}"

for port in 10000 "${TraceGrains__Api__HttpPort:-8080}" "${TraceGrains__Api__GrpcPort:-4317}" "${TraceGrains__Api__OtlpHttpPort:-4318}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is already in use; is TraceGrains already running?" >&2; exit 1; fi
done

azurite/start.sh "$root/.data/azurite" 10000 >"$run_dir/azurite.log" 2>&1 &
azurite_pid=$!
api_pid=""
# SIGTERM, then SIGKILL if the process has not exited after $2 seconds.
stop_pid() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 $(($2 * 5))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  echo "process $1 did not stop within $2 s; killing it" >&2
  kill -9 "$1" 2>/dev/null
}
stop() {
  trap - INT TERM EXIT
  [ -n "$api_pid" ] && stop_pid "$api_pid" 30
  stop_pid "$azurite_pid" 10
  echo "stopped"
}
trap stop INT TERM EXIT

# The first run may spend a while in npm ci before Azurite opens its port.
scripts/wait-port.sh 10000 300 "$azurite_pid"
dotnet build src/Api -c Release -v quiet -nologo >"$run_dir/build.log" 2>&1 || { cat "$run_dir/build.log"; exit 1; }
dotnet src/Api/bin/Release/net10.0/TraceGrains.Api.dll --contentRoot "$root/src/Api" &
api_pid=$!
scripts/wait-port.sh "${TraceGrains__Api__HttpPort:-8080}" 120 "$api_pid"
scripts/wait-port.sh "${TraceGrains__Api__GrpcPort:-4317}" 30 "$api_pid"
scripts/wait-port.sh "${TraceGrains__Api__OtlpHttpPort:-4318}" 30 "$api_pid"
echo "TraceGrains is ready: REST http://127.0.0.1:${TraceGrains__Api__HttpPort:-8080}  gRPC and OTLP/gRPC 127.0.0.1:${TraceGrains__Api__GrpcPort:-4317}  OTLP/HTTP http://127.0.0.1:${TraceGrains__Api__OtlpHttpPort:-4318}"
echo "API key (workspace default) in .data/dev-key: send it as x-portkey-api-key or Authorization: Bearer; admin key in .data/admin-key"
wait "$api_pid"
