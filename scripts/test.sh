#!/usr/bin/env bash
# Runs every test of TraceGrains on a fresh machine: installs the pinned Azurite, the SDK check's
# packages and redis-server, builds, runs all test assemblies (their fixtures start and stop their own Azurite on
# free 127.0.0.1 ports), and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out_dir="$root/.run"; mkdir -p "$out_dir"
log="$out_dir/test.log"

# The cluster-script test runs real silos with Redis membership.
if ! command -v redis-server >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null) || { echo "could not install redis-server"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi

for dir in azurite tests/sdk; do
  if [ ! -d "$dir/node_modules" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed in $dir"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
  fi
done

# A test that hangs is named and dumped (under tests/*/TestResults) instead of stalling CI until its limit.
dotnet test TraceGrains.sln -c Release --nologo \
  --blame-hang-timeout "${TEST_HANG_TIMEOUT:-5m}" --blame-hang-dump-type mini 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 13, Skipped: 0, Total: 13, ..."
read -r passed failed skipped assemblies < <(awk '
  /(Passed|Failed)! +- Failed: / {
    line = $0; gsub(/,/, "", line); n = split(line, w, " ")
    for (i = 1; i < n; i++) {
      if (w[i] == "Failed:") f += w[i+1]
      if (w[i] == "Passed:") p += w[i+1]
      if (w[i] == "Skipped:") s += w[i+1]
    }
    a++
  }
  END { printf "%d %d %d %d\n", p, f, s, a }' "$log")

expected=$(ls tests/*/*.Tests.csproj | wc -l)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi      # a crash or build error counts
if [ "$assemblies" -lt "$expected" ] && [ "$failed" -eq 0 ]; then failed=1; fi   # an assembly never reported
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
