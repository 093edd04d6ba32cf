#!/usr/bin/env bash
# A local TraceGrains cluster on 127.0.0.1: Azurite, Redis (membership), 3 silos and 2 API nodes.
#   scripts/cluster.sh start    build, start everything, wait until all are ready
#   scripts/cluster.sh stop     stop exactly what start started, by the PIDs it wrote
#   scripts/cluster.sh status   what is running
# Logs, PIDs and keys: .run/cluster/ (dev-key: a key of workspace "default"; admin-key). Ports (chosen not to clash with scripts/run.sh):
#   Azurite 10100, Redis 6380, silos 11121-11123 (gateways 30011-30013),
#   API 1: HTTP 8081, gRPC 4327, OTLP/HTTP 4328; API 2: HTTP 8082, gRPC 4337, OTLP/HTTP 4338.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dir="$root/.run/cluster"
pids="$dir/pids"
AZURITE_PORT=10100
REDIS_PORT=6380
SILO_PORTS=(11121 11122 11123)
GATEWAY_PORTS=(30011 30012 30013)
API_HTTP=(8081 8082)
API_GRPC=(4327 4337)
API_OTLP=(4328 4338)
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

common_env() {
  export TraceGrains__Cluster__Mode=Redis
  export TraceGrains__Cluster__RedisConnectionString="127.0.0.1:$REDIS_PORT"
  export TraceGrains__Cluster__ClusterId=tracegrains-local
  export TraceGrains__Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$AZURITE_PORT/devstoreaccount1;"
  export Logging__LogLevel__Default=Warning
}

alive() { [ -f "$pids" ] && while read -r _ pid; do kill -0 "$pid" 2>/dev/null && return 0; done <"$pids"; return 1; }

stop_pid() { # SIGTERM, then SIGKILL after $2 seconds
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 $(($2 * 5))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  echo "  $1 did not stop within $2 s; killing it"
  kill -9 "$1" 2>/dev/null || true
}

start() {
  if alive; then echo "already running (scripts/cluster.sh stop first)"; exit 1; fi
  command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
  for port in $AZURITE_PORT $REDIS_PORT "${SILO_PORTS[@]}" "${GATEWAY_PORTS[@]}" "${API_HTTP[@]}" "${API_GRPC[@]}" "${API_OTLP[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is already in use" >&2; exit 1; fi
  done
  mkdir -p "$dir"
  : >"$pids"
  # Both API nodes ensure the same development key; clients read it from $dir/dev-key.
  dev_key=$(scripts/keys.sh dev "$dir/dev-key")
  admin_key=$(scripts/keys.sh admin "$dir/admin-key")
  echo "building"
  dotnet build src/Silo -c Release -v quiet -nologo >"$dir/build.log" 2>&1 && dotnet build src/Api -c Release -v quiet -nologo >>"$dir/build.log" 2>&1 \
    || { cat "$dir/build.log"; exit 1; }
  common_env

  azurite/start.sh "$dir/azurite-data" $AZURITE_PORT >"$dir/azurite.log" 2>&1 &
  echo "azurite $!" >>"$pids"
  scripts/wait-port.sh $AZURITE_PORT 300 "$!"
  redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no >"$dir/redis.log" 2>&1 &
  echo "redis $!" >>"$pids"
  scripts/wait-port.sh $REDIS_PORT 30 "$!"

  for i in 0 1 2; do
    TraceGrains__Cluster__SiloPort=${SILO_PORTS[$i]} TraceGrains__Cluster__GatewayPort=${GATEWAY_PORTS[$i]} \
      dotnet src/Silo/bin/Release/net10.0/TraceGrains.Silo.dll >"$dir/silo$((i + 1)).log" 2>&1 &
    echo "silo$((i + 1)) $!" >>"$pids"
  done
  while read -r name pid; do
    case $name in silo*) scripts/wait-port.sh "${GATEWAY_PORTS[$((${name#silo} - 1))]}" 120 "$pid";; esac
  done <"$pids"

  for j in 0 1; do
    TraceGrains__Api__HttpPort=${API_HTTP[$j]} TraceGrains__Api__GrpcPort=${API_GRPC[$j]} TraceGrains__Api__OtlpHttpPort=${API_OTLP[$j]} \
      TraceGrains__Auth__DevKey="$dev_key" TraceGrains__Auth__AdminKey="$admin_key" \
      dotnet src/Api/bin/Release/net10.0/TraceGrains.Api.dll --contentRoot "$root/src/Api" >"$dir/api$((j + 1)).log" 2>&1 &
    echo "api$((j + 1)) $!" >>"$pids"
  done
  for j in 0 1; do
    pid=$(awk -v n="api$((j + 1))" '$1 == n {print $2}' "$pids")
    scripts/wait-port.sh "${API_HTTP[$j]}" 120 "$pid"
    scripts/wait-port.sh "${API_GRPC[$j]}" 30 "$pid"
  done
  echo "cluster ready: API nodes http://127.0.0.1:8081 and :8082 (gRPC 4327, 4337; OTLP/HTTP 4328, 4338); 3 silos; logs in $dir"
  echo "API key (workspace default) in $dir/dev-key, admin key in $dir/admin-key"
  status
}

stop() {
  [ -f "$pids" ] || { echo "not running"; return 0; }
  # API nodes first (they finish their requests), then silos (they flush and leave), then the stores.
  for prefix in api silo redis azurite; do
    while read -r name pid; do
      case $name in "$prefix"*) stop_pid "$pid" 40 ;; esac
    done <"$pids"
  done
  rm -f "$pids"
  echo "stopped"
}

status() {
  [ -f "$pids" ] || { echo "not running"; return 0; }
  while read -r name pid; do
    if kill -0 "$pid" 2>/dev/null; then echo "  $name pid $pid running"; else echo "  $name pid $pid gone"; fi
  done <"$pids"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/cluster.sh start|stop|status" >&2; exit 2 ;;
esac
