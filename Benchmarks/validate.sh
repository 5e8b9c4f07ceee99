#!/usr/bin/env bash
# Times `wfrun validate` against `xmllint --schema` on the same generated workflows, side by side
# in one run: best of 3 wall-clock times each, the ratio, and wfrun's peak memory.
#
#   Benchmarks/validate.sh            1,000 workflows
#   N=200 Benchmarks/validate.sh      another count
#   WFRUN_BIN=path Benchmarks/validate.sh   an already built wfrun (skips the release build)
#
# xmllint checks the grammar only; wfrun also lints (graph, schemas, connectors, expressions) and
# reports with source lines, so the ratio is the price of those checks, not a like-for-like race.
# The script asserts nothing but that both commands accept every generated file.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${N:-1000}"

need() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing $2 (for $1)" >&2
    apt-get install -y -qq "$2" >/dev/null
  else
    echo "validate.sh needs $1: apt-get install $2" >&2
    exit 1
  fi
}
need xmllint libxml2-utils
need python3 python3
[ -x /usr/bin/time ] || { need time time; }

if [ -n "${WFRUN_BIN:-}" ]; then
  wfrun="$WFRUN_BIN"
else
  echo "building wfrun (release)..." >&2
  swift build -c release --scratch-path .build-release --product wfrun >&2
  wfrun="$(swift build -c release --scratch-path .build-release --show-bin-path)/wfrun"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Benchmarks/generate-workflows.py "$count" "$work/workflows"

# best LABEL COMMAND...: runs it 3 times under GNU time; sets best_s (fastest wall time),
# best_kb (highest peak RSS of the three) and runs_s.
best() {
  local label="$1"; shift
  best_s=""; best_kb=0; runs_s=""
  for run in 1 2 3; do
    started=$(date +%s%N)
    if ! /usr/bin/time -f "%e s %M KB" -o "$work/time" "$@" >"$work/out" 2>"$work/err"; then
      echo "$label failed on the generated workflows (run $run):" >&2
      tail -n 20 "$work/out" "$work/err" >&2
      exit 1
    fi
    ended=$(date +%s%N)
    # GNU time's %e has 10 ms steps; the clock around it gives milliseconds (and includes time's
    # own start, about a millisecond, for both commands alike).
    seconds=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    read -r _ _ kb _ < <(tail -n 1 "$work/time")
    runs_s="$runs_s $seconds"
    if [ -z "$best_s" ] || awk -v a="$seconds" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then best_s="$seconds"; fi
    if [ "$kb" -gt "$best_kb" ]; then best_kb="$kb"; fi
  done
}

best "wfrun validate" "$wfrun" validate "$work/workflows"
wfrun_s="$best_s"; wfrun_kb="$best_kb"; wfrun_runs="$runs_s"
summary="$(tail -n 1 "$work/out")"
best "xmllint --schema" xmllint --noout --schema Schemas/workflow.xsd "$work/workflows"/*.xml
xmllint_s="$best_s"; xmllint_kb="$best_kb"; xmllint_runs="$runs_s"

ratio="$(awk -v a="$wfrun_s" -v b="$xmllint_s" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a (xmllint took 0.00 s)" }')"
cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "wfrun validate benchmark: $count generated workflows of about 20 activities each"
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "wfrun:   $("$wfrun" --version 2>/dev/null || echo '?') at $wfrun; xmllint: $(xmllint --version 2>&1 | head -n 1 | sed 's/^xmllint: //')"
echo
printf '%-56s best of 3 %7s s  (runs:%s)  peak %s MB\n' "wfrun validate DIR" "$wfrun_s" "$wfrun_runs" \
  "$(awk -v k="$wfrun_kb" 'BEGIN { printf "%.1f", k / 1024 }')"
printf '%-56s best of 3 %7s s  (runs:%s)  peak %s MB\n' "xmllint --noout --schema Schemas/workflow.xsd DIR/*.xml" "$xmllint_s" "$xmllint_runs" \
  "$(awk -v k="$xmllint_kb" 'BEGIN { printf "%.1f", k / 1024 }')"
echo "ratio wfrun/xmllint: $ratio"
echo "wfrun peak RSS: $(awk -v k="$wfrun_kb" 'BEGIN { printf "%.1f", k / 1024 }') MB"
echo "wfrun said: $summary"
