#!/usr/bin/env bash
# Chaos runs on real processes: for each run, a fresh local cluster (scripts/cluster.sh: Azurite,
# Redis, 3 silos, 2 API nodes), Portkey logs at a fixed rate through both API nodes, one silo
# SIGKILLed part-way, then every acknowledged span checked. Loopback only; bounded in time.
#   scripts/chaos.sh [runs=3] [extra bench/Chaos arguments...]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-3}
shift || true
dotnet build bench/Chaos -c Release -v quiet -nologo >/dev/null || exit 1
failed=0
for run in $(seq 1 "$runs"); do
  echo "=== chaos run $run of $runs ($(date -u +%FT%TZ))"
  rm -rf .run/cluster/azurite-data
  scripts/cluster.sh start >/dev/null || { echo "cluster did not start"; scripts/cluster.sh stop; exit 1; }
  timeout 600 dotnet bench/Chaos/bin/Release/net10.0/TraceGrains.Chaos.dll "$@" | tr '\r' '\n' | grep -v '^[0-9]*s sent' || failed=$((failed + 1))
  scripts/cluster.sh stop >/dev/null
done
echo "=== $((runs - failed)) of $runs runs lost no acknowledged span and answered only 2xx/429/503"
[ "$failed" -eq 0 ]
