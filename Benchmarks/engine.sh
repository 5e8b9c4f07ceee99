#!/usr/bin/env bash
# Engine overhead per activity: chains of 100, 1,000 and 10,000 no-op activities (a `fork` with
# one branch passes control on and does nothing else) and a fork of 100 branches into one join,
# run by `wfrun run` (release build). The time of each is taken against a 1-activity baseline
# (process start, loading, store set-up), so what remains is the engine's own bookkeeping. Runs
# with the store (activity states recorded in SQLite, as in production) and with --dry-run (no
# store writes: the executor alone).
#
#   Benchmarks/engine.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${WFRUN_BIN:-}" ]; then wfrun="$WFRUN_BIN"; else
  swift build -c release --scratch-path .build-release --product wfrun >&2
  wfrun="$(swift build -c release --scratch-path .build-release --show-bin-path)/wfrun"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

chain() { # n file
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
lines = ['<workflow xmlns="urn:wfrun:workflow:1" name="chain%d">' % n, '  <start name="a0"><next to="a1"/></start>']
for i in range(1, n + 1):
    lines.append('  <fork name="a%d"><next to="a%d"/></fork>' % (i, i + 1))
lines.append('  <end name="a%d"/>' % (n + 1))
lines.append('</workflow>')
open(path, "w").write("\n".join(lines) + "\n")
PY
}
fan() { # n file
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
lines = ['<workflow xmlns="urn:wfrun:workflow:1" name="fan%d">' % n, '  <start name="begin"><next to="split"/></start>']
lines.append('  <fork name="split">' + "".join('<next to="b%d"/>' % i for i in range(n)) + '</fork>')
for i in range(n):
    lines.append('  <fork name="b%d"><next to="meet"/></fork>' % i)
lines.append('  <join name="meet"><next to="done"/></join>')
lines.append('  <end name="done"/>')
lines.append('</workflow>')
open(path, "w").write("\n".join(lines) + "\n")
PY
}

seconds() { # best of 3 wall seconds of: wfrun run FILE [flags]
  local best=""
  for _ in 1 2 3; do
    rm -f "$work/db.sqlite"*
    local start end t
    start=$(date +%s%N)
    "$wfrun" run "$@" --db "$work/db.sqlite" >/dev/null 2>&1 || { echo "wfrun run $* failed" >&2; exit 1; }
    end=$(date +%s%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$t"; fi
  done
  echo "$best"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
chain 1 "$work/chain1.xml"
for mode in store dry; do
  flags=(); [ "$mode" = dry ] && flags=(--dry-run)
  base=$(seconds "$work/chain1.xml" "${flags[@]}")
  echo "[$mode] baseline (1 activity): ${base} s"
  for n in 100 1000 10000; do
    chain "$n" "$work/chain$n.xml"
    t=$(seconds "$work/chain$n.xml" "${flags[@]}")
    echo "[$mode] chain of $n: ${t} s, $(awk -v t="$t" -v b="$base" -v n="$n" 'BEGIN { printf "%.1f", (t - b) / n * 1e6 }') µs per activity"
  done
  fan 100 "$work/fan.xml"
  t=$(seconds "$work/fan.xml" "${flags[@]}")
  echo "[$mode] fork of 100 branches + join: ${t} s, $(awk -v t="$t" -v b="$base" 'BEGIN { printf "%.1f", (t - b) / 100 * 1e6 }') µs per branch"
done
