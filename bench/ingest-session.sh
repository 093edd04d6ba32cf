#!/usr/bin/env bash
# One measurement session of the ingestion targets (docs/BENCHMARKS.md, issue 6), in this order:
# Portkey x3, OTLP/HTTP x3 (the third of each with --verify summary), bare Kestrel, ReadBench x3,
# ReadBench with 1,000 traces. Every run gets a fresh node and an empty on-disk Azurite, started
# here and stopped by PID. Loopback only; every run is bounded in time. Needs ports 10000, 8080,
# 4317, 4318 and 8090 free. Takes about 20 minutes.
#   bench/ingest-session.sh [runs=3]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-3}
work="$root/.run/bench"
mkdir -p "$work"
rm -f "$work"/node-*.log
for p in src/Api bench/LoadGen bench/ReadBench; do
  dotnet build "$p" -c Release -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done
dev_key=$(scripts/keys.sh dev "$root/.data/dev-key")
admin_key=$(scripts/keys.sh admin "$root/.data/admin-key")
lg=(dotnet bench/LoadGen/bin/Release/net10.0/TraceGrains.Bench.LoadGen.dll)
az_pid="" node_pid="" node_runs=0

stop_pid() { # SIGTERM, then SIGKILL after 30 s
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  echo "pid $1 still running 30 s after SIGTERM; sending SIGKILL"
  kill -9 "$1" 2>/dev/null
}
stop_node() { stop_pid "$node_pid"; stop_pid "$az_pid"; node_pid="" az_pid=""; }
trap stop_node EXIT INT TERM

# start_node [ENV=VALUE ...]: empty Azurite on disk and one node (silo co-hosted).
# Each node's log is kept as .run/bench/node-N.log, N counting the nodes of the session from 1.
start_node() {
  node_runs=$((node_runs + 1))
  rm -rf "$work/azurite"
  azurite/start.sh "$work/azurite" 10000 >"$work/azurite.log" 2>&1 &
  az_pid=$!
  scripts/wait-port.sh 10000 120 "$az_pid" || exit 1
  env TraceGrains__Auth__DevKey="$dev_key" TraceGrains__Auth__AdminKey="$admin_key" "$@" \
    dotnet src/Api/bin/Release/net10.0/TraceGrains.Api.dll --contentRoot "$root/src/Api" >"$work/node-$node_runs.log" 2>&1 &
  node_pid=$!
  scripts/wait-port.sh 4318 120 "$node_pid" || exit 1
}

storage_stats() {
  curl -s -m 10 -H "Authorization: Bearer $admin_key" http://127.0.0.1:8080/v1/stats/storage | python3 -c '
import json, sys
d = json.load(sys.stdin); w = d["wal"]
print("storage: requests/span %.4f  bytes/span %d  log appends %d  records/append %.1f  append mean %s ms"
      % (d["requests_per_span"], d["bytes_per_span"], w["appends"], w["records"] / max(1, w["appends"]), w.get("append_ms_mean")))'
}

# report: the load generator's summary without its progress lines
report() { grep -vE '^\[|^prebuil'; }

date -u +"session start %FT%TZ"
for run in $(seq 1 "$runs"); do
  echo "=== portkey run $run"
  start_node
  verify=(); [ "$run" = "$runs" ] && verify=(--verify summary)
  timeout 300 "${lg[@]}" portkey --api-key "$dev_key" --traces 1000 --spans-per-trace 100 --spans-per-request 1 \
    --pick random --concurrency 64 --duration 30 --warmup 20 --server-pid "$node_pid" "${verify[@]}" 2>&1 | report
  storage_stats; stop_node
done
for run in $(seq 1 "$runs"); do
  echo "=== otlp-http run $run"
  start_node
  verify=(); [ "$run" = "$runs" ] && verify=(--verify summary)
  timeout 300 "${lg[@]}" otlp-http --api-key "$dev_key" --traces 1000 --spans-per-trace 1000 --spans-per-request 100 \
    --traces-per-request 10 --pick random --concurrency 16 --duration 40 --warmup 10 --server-pid "$node_pid" "${verify[@]}" 2>&1 | report
  storage_stats; stop_node
done
echo "=== bare Kestrel"
"${lg[@]}" --serve-bare 8090 >"$work/bare.log" 2>&1 &
bare_pid=$!
scripts/wait-port.sh 8090 60 "$bare_pid" || exit 1
timeout 120 "${lg[@]}" bare --bare-port 8090 --bare-body portkey --spans-per-request 1 --concurrency 64 --duration 20 --warmup 5 2>&1 | grep -E 'throughput|latency'
timeout 120 "${lg[@]}" bare --bare-port 8090 --bare-body otlp-http --spans-per-request 100 --traces-per-request 10 --concurrency 16 --duration 20 --warmup 5 2>&1 | grep -E 'throughput|latency'
stop_pid "$bare_pid"
for run in $(seq 1 "$runs"); do
  echo "=== readbench run $run"
  start_node TraceGrains__Activation__IdleSeconds=20
  timeout 400 dotnet bench/ReadBench/bin/Release/net10.0/TraceGrains.ReadBench.dll --traces 200 --spans 1000 --reads 10 2>&1
  stop_node
done
echo "=== readbench, 1,000 traces"
start_node TraceGrains__Activation__IdleSeconds=60
timeout 600 dotnet bench/ReadBench/bin/Release/net10.0/TraceGrains.ReadBench.dll --traces 1000 --spans 1000 --reads 1 2>&1
stop_node
date -u +"session end %FT%TZ"
