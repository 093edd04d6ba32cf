#!/usr/bin/env bash
# wait-port.sh PORT SECONDS [PID]: polls 127.0.0.1:PORT until it accepts a connection, for at most
# SECONDS; fails early if PID (the process that should open it) has exited.
port=$1; seconds=$2; pid=${3:-}
deadline=$((SECONDS + seconds))
while [ "$SECONDS" -lt "$deadline" ]; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then exit 0; fi
  if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then echo "process $pid exited before port $port opened" >&2; exit 1; fi
  sleep 0.2
done
echo "port $port not open after ${seconds}s" >&2
exit 1
