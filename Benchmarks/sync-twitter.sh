#!/usr/bin/env bash
# syncTwitter against what a user would otherwise write, side by side in one run: N followers of
# the sandbox account wfrun_demo, served by `wfrun emulate` (release, no rate limit, X API v2,
# max_results 1000) on loopback, imported into SQLite by
#   - `wfrun run Workflows/syncTwitter.xml` (fetch -> visitor upsert + subscription upsert), and
#   - Benchmarks/sync_followers.py: requests + requests-oauthlib + sqlite3, one upsert
#     transaction per page (its dependencies go to Benchmarks/.venv, made on first use).
# Each side runs ROUNDS times into a fresh database, alternating; each database must hold exactly
# N visitors and N open subscriptions. Printed per run: wall seconds, client CPU seconds, peak
# RSS, requests/s (pages + the one /2/users/me, over the wall time), records/s, and the
# emulator's CPU seconds during the run (it shares the machine's cores). Then the ratio
# python/wfrun, and wfrun's time split: a fetch-only workflow (same fetch, then a `filter` that
# keeps nothing: HTTP + OAuth + JSON decoding + records, no store write) against the full run.
# The split of the fetch itself between HTTP and JSON decoding comes from a profile (PROFILE=1,
# see BENCHMARKS.md).
#
#   Benchmarks/sync-twitter.sh                      1,000,000 followers, 2 rounds
#   N=100000 ROUNDS=3 Benchmarks/sync-twitter.sh    another count, more rounds
#   WFRUN_BIN=path Benchmarks/sync-twitter.sh       an already built wfrun (skips the build)
#   PROFILE=1 Benchmarks/sync-twitter.sh            also profile one full and one fetch-only run (perf),
#                                                   grouped by Benchmarks/profile_groups.py;
#                                                   PROFILE_TOP=8 lists each part's hottest symbols
#   BASELINE_BIN=path Benchmarks/sync-twitter.sh    also runs another wfrun (say, main's) on the same
#                                                   workflow each round, for a before/after in one run
#   VISITORS_ONLY=1 Benchmarks/sync-twitter.sh      the visitors alone on both sides: wfrun runs
#                                                   fetch -> toVisitor -> saveVisitor (syncTwitter's
#                                                   own activities), the script --visitors-only; the
#                                                   goal is then on CPU (wfrun's <= a third of the script's)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
count="${N:-1000000}"
rounds="${ROUNDS:-2}"
visitors_only="${VISITORS_ONLY:-}"
for tool in sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "sync-twitter.sh needs $tool (apt-get install $tool)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "sync-twitter.sh needs GNU time (apt-get install time)" >&2; exit 1; }

if [ -n "${WFRUN_BIN:-}" ]; then wfrun="$WFRUN_BIN"; else
  echo "building wfrun (release)..." >&2
  swift build -c release --scratch-path .build-release --product wfrun >&2
  wfrun="$(swift build -c release --scratch-path .build-release --show-bin-path)/wfrun"
fi
venv="Benchmarks/.venv"
if ! "$venv/bin/python" -c 'import requests, requests_oauthlib' 2>/dev/null; then
  echo "installing requests and requests-oauthlib into $venv..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q requests requests-oauthlib >&2
fi
python="$repo/$venv/bin/python"

work="$(mktemp -d)"
emulator=""
cleanup() {
  if [ -n "$emulator" ]; then kill "$emulator" 2>/dev/null || true; wait "$emulator" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The emulator, on a free port; its banner gives the port and the credentials' export lines.
"$wfrun" emulate --port 0 --followers "$count" --seed 1 >"$work/emulator.out" 2>"$work/emulator.err" &
emulator=$!
for _ in $(seq 600); do
  grep -q '^Press Ctrl-C' "$work/emulator.out" 2>/dev/null && break
  kill -0 "$emulator" 2>/dev/null || { echo "wfrun emulate exited:" >&2; cat "$work/emulator.err" >&2; exit 1; }
  sleep 0.1
done
base="$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$work/emulator.out" | sed 's/^listening on //')"
[ -n "$base" ] || { echo "wfrun emulate printed no address:" >&2; cat "$work/emulator.out" "$work/emulator.err" >&2; exit 1; }
eval "$(grep '^export WFRUN_DEMO_X_' "$work/emulator.out")"

# Only wfrun_demo (the emulator's other accounts would add their followers).
cat > "$work/services.xml" <<XML
<services xmlns="urn:wfrun:services:1">
  <service name="wfrun_demo" type="twitter" label="wfrun demo on X" apiVersion="2" baseURL="$base"
           visitorFolder="Visitors" syncSubscriptions="true" test="false">
    <consumerKey env="WFRUN_DEMO_X_CONSUMER_KEY"/>
    <consumerSecret env="WFRUN_DEMO_X_CONSUMER_SECRET"/>
    <accessToken env="WFRUN_DEMO_X_ACCESS_TOKEN"/>
    <accessTokenSecret env="WFRUN_DEMO_X_ACCESS_TOKEN_SECRET"/>
  </service>
</services>
XML
# syncTwitter's fetch alone: every follower is read, decoded and made a record, none is kept.
cat > "$work/fetch-only.xml" <<'XML'
<workflow xmlns="urn:wfrun:workflow:1" name="syncTwitterFetchOnly">
  <start name="begin"><next to="followers"/></start>
  <fetch name="followers" connector="x" resource="followers" services="synchronized">
    <next to="none"/>
  </fetch>
  <filter name="none" condition="false"><next to="end"/></filter>
  <end name="end"/>
</workflow>
XML
# syncTwitter's visitor branch alone (its fetch, toVisitor and saveVisitor, unchanged).
cat > "$work/visitors-only.xml" <<'XML'
<workflow xmlns="urn:wfrun:workflow:1" name="syncTwitterVisitors">
  <start name="begin"><next to="followers"/></start>
  <fetch name="followers" connector="x" resource="followers" services="synchronized">
    <next to="toVisitor"/>
  </fetch>
  <map name="toVisitor">
    <field name="origin"      value="'Twitter'"/>
    <field name="external_id" value="id"/>
    <field name="username"    value="username"/>
    <field name="full_name"   value="name"/>
    <field name="friends"     value="public_metrics.followers_count"/>
    <field name="verified"    value="verified"/>
    <field name="folder"      value="service_folder"/>
    <next to="saveVisitor"/>
  </map>
  <upsert name="saveVisitor" schema="visitor" key="origin external_id"><next to="end"/></upsert>
  <end name="end"/>
</workflow>
XML
if [ -n "$visitors_only" ]; then
  workflow="$work/visitors-only.xml"; workflow_name=visitors-only; python_args=(--visitors-only); subscriptions_expected=0
else
  workflow=Workflows/syncTwitter.xml; workflow_name=syncTwitter; python_args=(); subscriptions_expected="$count"
fi

emulator_cpu() { # the emulator's user+system CPU so far, in seconds
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$emulator/stat"
}
# timed NAME COMMAND...: runs it under GNU time; sets t_wall, t_cpu (user+sys), t_mb (peak RSS),
# t_emu (emulator CPU seconds meanwhile); the output is in $work/NAME.log.
timed() {
  local name="$1"; shift
  local start end emu_before
  emu_before=$(emulator_cpu)
  start=$(date +%s%N)
  /usr/bin/time -f "%U %S %M" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 || {
    echo "failed: $*" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
  end=$(date +%s%N)
  t_wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  read -r user sys kb < <(tail -n 1 "$work/$name.time")
  t_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  t_mb=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
  t_emu=$(awk -v a="$emu_before" -v b="$(emulator_cpu)" 'BEGIN { printf "%.2f", b - a }')
}
rows() { # database table [where]
  sqlite3 "$1" "SELECT count(*) FROM $2 ${3:-}"
}
check() { # label database
  local visitors subscriptions
  visitors=$(rows "$2" visitor); subscriptions=$(rows "$2" subscription "WHERE ended_at IS NULL")
  [ "$visitors" = "$count" ] && [ "$subscriptions" = "$subscriptions_expected" ] || {
    echo "$1: $visitors visitors and $subscriptions open subscriptions, expected $count and $subscriptions_expected" >&2; exit 1; }
}

pages=$(( (count + 999) / 1000 ))
requests_wfrun=$((pages + 1))   # /2/users/me, then one request per page
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "wfrun: $("$wfrun" --version 2>/dev/null || echo '?'); $("$python" --version), requests $("$python" -c 'import requests; print(requests.__version__)'), requests-oauthlib $("$python" -c 'import requests_oauthlib; print(requests_oauthlib.__version__)')"
echo "followers: $count of wfrun_demo from wfrun emulate at $base (v2, max_results 1000, no rate limit)"
echo "workflow: $workflow_name$([ -n "$visitors_only" ] && echo ' (fetch -> toVisitor -> saveVisitor; the script with --visitors-only)'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-7s %-7s %8s %8s %9s %10s %11s %9s\n' round side wall_s cpu_s peak_MB requests/s records/s emu_cpu_s
declare -a wfrun_walls python_walls fetch_walls wfrun_cpus python_cpus base_walls base_cpus
peak_wfrun=0
for round in $(seq "$rounds"); do
  timed "wfrun$round" "$wfrun" run "$workflow" --services "$work/services.xml" --db "$work/wfrun$round.sqlite"
  check "wfrun run (round $round)" "$work/wfrun$round.sqlite"
  wfrun_walls+=("$t_wall"); wfrun_cpus+=("$t_cpu")
  peak_wfrun=$(awk -v a="$peak_wfrun" -v b="$t_mb" 'BEGIN { print (b > a ? b : a) }')
  printf '%-7s %-7s %8s %8s %9s %10.0f %11.0f %9s\n' "$round" wfrun "$t_wall" "$t_cpu" "$t_mb" \
    "$(awk -v r="$requests_wfrun" -v t="$t_wall" 'BEGIN { print r / t }')" "$(awk -v n="$count" -v t="$t_wall" 'BEGIN { print n / t }')" "$t_emu"

  if [ -n "${BASELINE_BIN:-}" ]; then
    timed "base$round" "$BASELINE_BIN" run "$workflow" --services "$work/services.xml" --db "$work/base$round.sqlite"
    check "baseline wfrun run (round $round)" "$work/base$round.sqlite"
    base_walls+=("$t_wall"); base_cpus+=("$t_cpu")
    printf '%-7s %-7s %8s %8s %9s %10.0f %11.0f %9s\n' "$round" baseline "$t_wall" "$t_cpu" "$t_mb" \
      "$(awk -v r="$requests_wfrun" -v t="$t_wall" 'BEGIN { print r / t }')" "$(awk -v n="$count" -v t="$t_wall" 'BEGIN { print n / t }')" "$t_emu"
  fi

  timed "python$round" "$python" Benchmarks/sync_followers.py --base-url "$base" --db "$work/python$round.sqlite" --expect "$count" "${python_args[@]}"
  check "sync_followers.py (round $round)" "$work/python$round.sqlite"
  python_walls+=("$t_wall"); python_cpus+=("$t_cpu")
  python_pages=$(awk '{ print $2 }' "$work/python$round.log" | tail -n 1)
  printf '%-7s %-7s %8s %8s %9s %10.0f %11.0f %9s\n' "$round" python "$t_wall" "$t_cpu" "$t_mb" \
    "$(awk -v r="$((python_pages + 1))" -v t="$t_wall" 'BEGIN { print r / t }')" "$(awk -v n="$count" -v t="$t_wall" 'BEGIN { print n / t }')" "$t_emu"

  timed "fetch$round" "$wfrun" run "$work/fetch-only.xml" --services "$work/services.xml" --db "$work/fetch$round.sqlite"
  fetch_walls+=("$t_wall")
  printf '%-7s %-7s %8s %8s %9s %10.0f %11.0f %9s\n' "$round" fetch "$t_wall" "$t_cpu" "$t_mb" \
    "$(awk -v r="$requests_wfrun" -v t="$t_wall" 'BEGIN { print r / t }')" "$(awk -v n="$count" -v t="$t_wall" 'BEGIN { print n / t }')" "$t_emu"
done
echo "(fetch: the fetch-only workflow, no store writes$([ -n "${BASELINE_BIN:-}" ] && echo "; baseline: $BASELINE_BIN"))"
echo

best() { printf '%s\n' "$@" | sort -g | head -n 1; }
worst() { printf '%s\n' "$@" | sort -g | tail -n 1; }
w=$(best "${wfrun_walls[@]}"); p=$(best "${python_walls[@]}"); f=$(best "${fetch_walls[@]}")
echo "wfrun run:         best ${w} s, worst $(worst "${wfrun_walls[@]}") s; $(awk -v n="$count" -v t="$w" 'BEGIN { printf "%.0f", n / t }') records/s, $(awk -v r="$requests_wfrun" -v t="$w" 'BEGIN { printf "%.1f", r / t }') requests/s; peak ${peak_wfrun} MB"
echo "sync_followers.py: best ${p} s, worst $(worst "${python_walls[@]}") s"
echo "ratio python/wfrun (best of each): $(awk -v a="$p" -v b="$w" 'BEGIN { printf "%.2f", a / b }') (per round:$(for i in "${!wfrun_walls[@]}"; do awk -v a="${python_walls[$i]}" -v b="${wfrun_walls[$i]}" 'BEGIN { printf " %.2f", a / b }'; done))"
echo "wfrun split: fetch alone (HTTP + OAuth + JSON + records) best ${f} s = $(awk -v a="$f" -v b="$w" 'BEGIN { printf "%.0f", 100 * a / b }')% of the run; the rest (map + store, not overlapped with the fetch) $(awk -v a="$f" -v b="$w" 'BEGIN { printf "%.2f", b - a }') s"
wc=$(best "${wfrun_cpus[@]}"); pc=$(best "${python_cpus[@]}")
echo "CPU: wfrun best ${wc} s, script best ${pc} s; python/wfrun CPU $(awk -v a="$pc" -v b="$wc" 'BEGIN { printf "%.2f", a / b }') (per round:$(for i in "${!wfrun_cpus[@]}"; do awk -v a="${python_cpus[$i]}" -v b="${wfrun_cpus[$i]}" 'BEGIN { printf " %.2f", a / b }'; done))"
if [ -n "${BASELINE_BIN:-}" ]; then
  bw=$(best "${base_walls[@]}"); bc=$(best "${base_cpus[@]}")
  echo "baseline: best ${bw} s wall, ${bc} s CPU; baseline/wfrun wall $(awk -v a="$bw" -v b="$w" 'BEGIN { printf "%.2f", a / b }'), CPU $(awk -v a="$bc" -v b="$wc" 'BEGIN { printf "%.2f", a / b }'); python/baseline CPU $(awk -v a="$pc" -v b="$bc" 'BEGIN { printf "%.2f", a / b }'), wall $(awk -v a="$p" -v b="$bw" 'BEGIN { printf "%.2f", a / b }')"
fi
if [ -n "$visitors_only" ]; then
  echo "goals: wfrun CPU <= script CPU / 3: $(awk -v a="$pc" -v b="$wc" 'BEGIN { print (a / b >= 3 ? "met" : "NOT met") }'); wfrun peak < 150 MB: $(awk -v m="$peak_wfrun" 'BEGIN { print (m < 150 ? "met" : "NOT met") }')"
else
  echo "goals: python/wfrun >= 3 (wall): $(awk -v a="$p" -v b="$w" 'BEGIN { print (a / b >= 3 ? "met" : "NOT met") }'); wfrun peak < 150 MB: $(awk -v m="$peak_wfrun" 'BEGIN { print (m < 150 ? "met" : "NOT met") }')"
fi

if [ -n "${PROFILE:-}" ]; then
  command -v perf >/dev/null || { echo "PROFILE=1 needs perf (apt-get install linux-perf)" >&2; exit 1; }
  # cpu-clock sampling (hardware counters are not available in this VM) with frame-pointer call
  # chains, grouped into the parts of a sync by Benchmarks/profile_groups.py.
  for name in "$workflow_name" fetch-only; do
    profiled="$workflow"; [ "$name" = fetch-only ] && profiled="$work/fetch-only.xml"
    perf record -q -F 999 -e cpu-clock -g -o "$work/$name.perf" -- \
      "$wfrun" run "$profiled" --services "$work/services.xml" --db "$work/profile-$name.sqlite" >/dev/null 2>&1
    echo
    echo "profile of wfrun run $name (share of wfrun's CPU samples; 1 sample = 1 ms of one core):"
    perf script -i "$work/$name.perf" 2>/dev/null | python3 Benchmarks/profile_groups.py --top "${PROFILE_TOP:-0}"
  done
fi

# The emulator's own count, against what requests/s assumed (pages + 1 per run).
kill "$emulator"; wait "$emulator" 2>/dev/null || true; emulator=""
runs=$((rounds * 3)); [ -n "${BASELINE_BIN:-}" ] && runs=$((runs + rounds)); [ -n "${PROFILE:-}" ] && runs=$((runs + 2))
echo
echo "emulator: $(grep -o '[0-9]* requests served' "$work/emulator.err" || echo '? requests served') (expected $((runs * requests_wfrun)): $runs runs of $requests_wfrun)"
