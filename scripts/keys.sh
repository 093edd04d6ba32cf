#!/usr/bin/env bash
# Key files for local runs, made once and kept (mode 600):
#   scripts/keys.sh dev FILE     a workspace key, tg_<16 hex>_<43 base64url characters>
#   scripts/keys.sh admin FILE   an admin key
# Prints the key. The service stores only a salted hash of a workspace key; the file is the only copy.
set -euo pipefail
kind=${1:?usage: scripts/keys.sh dev|admin FILE}
file=${2:?usage: scripts/keys.sh dev|admin FILE}
if [ ! -s "$file" ]; then
  mkdir -p "$(dirname "$file")"
  case $kind in
    dev) key="tg_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" ;;
    admin) key="tga_$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" ;;
    *) echo "unknown kind $kind" >&2; exit 2 ;;
  esac
  (umask 077 && printf '%s\n' "$key" >"$file")
fi
tr -d '\n' <"$file"
