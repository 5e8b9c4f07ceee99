#!/usr/bin/env bash
# wfrun serve with 1,000 workflows due every minute (trivial runs), on one node (SQLite) and on
# three nodes sharing PostgreSQL: fire lateness (claim and run start) p50 / p99 / max, double
# and lost fires, the idle servers' CPU between fires, and the time from a node's kill -9 to the
# takeover of its run. Real clock: each mode takes ROUNDS minutes and a little more.
#
#   Benchmarks/scheduler.sh                      # release build, both modes, 2 rounds
#   WFRUN_BIN=path WORKFLOWS=200 ROUNDS=1 MODES=sqlite Benchmarks/scheduler.sh
#   WFRUN_TEST_POSTGRES_URL=postgres://… for the cluster (Scripts/start-postgres.sh prints one)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${WFRUN_BIN:-}" ]; then wfrun="$WFRUN_BIN"; else
  swift build -c release --scratch-path .build-release --product wfrun >&2
  wfrun="$(swift build -c release --scratch-path .build-release --show-bin-path)/wfrun"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in ${MODES:-sqlite cluster}; do
  if [ "$mode" = cluster ] && [ -z "${WFRUN_TEST_POSTGRES_URL:-}" ]; then
    echo "cluster: skipped (set WFRUN_TEST_POSTGRES_URL)"; continue
  fi
  python3 Benchmarks/scheduler_bench.py --wfrun "$wfrun" --mode "$mode" --workflows "${WORKFLOWS:-1000}" \
    --rounds "${ROUNDS:-2}" ${WFRUN_TEST_POSTGRES_URL:+--postgres "$WFRUN_TEST_POSTGRES_URL"}
done
