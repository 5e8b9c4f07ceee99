#!/usr/bin/env bash
# Direct messages to every follower of the sandbox account wfrun_demo, served by `wfrun emulate`
# (release, X API v2, no DM limit, nobody closed to DMs) on loopback, side by side in one run:
#   - `wfrun run` of a query(subscription) -> publish action="dm" workflow (the delivery log:
#     each chunk of 100 committed sending, sent one by one, settled in one commit), and
#   - Benchmarks/dm_followers.py: requests + requests-oauthlib + sqlite3, the same messages one
#     after the other, a `sent` row per message committed every 100 (no reconciliation).
# The followers are first imported by syncTwitter (not timed). For each count in COUNTS and each
# round: wall seconds, messages/s, the client's CPU (user+sys) per message, its peak RSS, and the
# emulator's CPU per message (it shares the 2 cores). Then the ratios script/wfrun.
#
#   Benchmarks/publish.sh                          COUNTS="10000 100000", 1 round
#   COUNTS=20000 ROUNDS=2 Benchmarks/publish.sh
#   WFRUN_BIN=path Benchmarks/publish.sh           an already built wfrun (skips the build)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
counts="${COUNTS:-10000 100000}"
rounds="${ROUNDS:-1}"
for tool in sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "publish.sh needs $tool (apt-get install $tool)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "publish.sh needs GNU time (apt-get install time)" >&2; exit 1; }
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
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"

cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, in clock ticks
ticks="$(getconf CLK_TCK)"

cat > "$work/dm.xml" <<'XML'
<workflow xmlns="urn:wfrun:workflow:1" name="dmBench">
  <start name="begin"><next to="followers"/></start>
  <query name="followers" schema="subscription" where="service == 'wfrun_demo' and isNull(ended_at)"><next to="greet"/></query>
  <publish name="greet" connector="x" action="dm" service="wfrun_demo" text="concat('Thanks for following us, ', external_id, '!')">
    <next to="end"/>
  </publish>
  <end name="end"/>
</workflow>
XML

for count in $counts; do
  if [ -n "$emulator" ]; then kill "$emulator"; wait "$emulator" 2>/dev/null || true; emulator=""; fi
  "$wfrun" emulate --port 0 --followers "$count" --seed 1 --dm-limit none --closed-dms-every 0 >"$work/emulator.out" 2>"$work/emulator.err" &
  emulator=$!
  for _ in $(seq 600); do
    grep -q '^Press Ctrl-C' "$work/emulator.out" 2>/dev/null && break
    kill -0 "$emulator" 2>/dev/null || { echo "wfrun emulate exited:" >&2; cat "$work/emulator.err" >&2; exit 1; }
    sleep 0.1
  done
  base="$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$work/emulator.out" | sed 's/^listening on //')"
  eval "$(grep '^export WFRUN_DEMO_X_' "$work/emulator.out")"
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
  for round in $(seq "$rounds"); do
    for side in wfrun script; do
      db="$work/$side-$count-$round.sqlite"
      "$wfrun" run Workflows/syncTwitter.xml --services "$work/services.xml" --db "$db" >/dev/null 2>"$work/sync.err" \
        || { echo "syncTwitter failed:" >&2; cat "$work/sync.err" >&2; exit 1; }
      before="$(cpu_of "$emulator")"
      start="$(date +%s.%N)"
      if [ "$side" = wfrun ]; then
        /usr/bin/time -f '%U %S %M' -o "$work/time" "$wfrun" run "$work/dm.xml" --services "$work/services.xml" --db "$db" \
          >/dev/null 2>"$work/run.err" || { echo "wfrun run failed:" >&2; tail -20 "$work/run.err" >&2; exit 1; }
        sent="$(sqlite3 "$db" "SELECT count(*) FROM delivery_recipient WHERE state = 'sent'")"
      else
        /usr/bin/time -f '%U %S %M' -o "$work/time" "$python" Benchmarks/dm_followers.py --base-url "$base" --db "$db" \
          --expect "$count" >/dev/null 2>"$work/run.err" || { echo "dm_followers.py failed:" >&2; tail -20 "$work/run.err" >&2; exit 1; }
        sent="$(sqlite3 "$db" "SELECT count(*) FROM script_sent")"
      fi
      end="$(date +%s.%N)"
      after="$(cpu_of "$emulator")"
      [ "$sent" = "$count" ] || { echo "$side sent $sent of $count" >&2; exit 1; }
      read -r user sys rss < "$work/time"
      awk -v side="$side" -v n="$count" -v s="$start" -v e="$end" -v u="$user" -v y="$sys" -v r="$rss" \
          -v eb="$before" -v ea="$after" -v t="$ticks" -v round="$round" 'BEGIN {
        wall = e - s; cpu = u + y
        printf "%-6s %7d msgs round %d: %6.1f s, %6.0f msg/s, client CPU %4.0f us/msg, peak RSS %4.0f MB, emulator CPU %4.0f us/msg\n",
          side, n, round, wall, n / wall, cpu * 1e6 / n, r / 1024, (ea - eb) / t * 1e6 / n
      }' | tee -a "$work/results"
    done
  done
done
echo "ratios (script / wfrun, per count, mean over rounds):"
awk '{ key = $2; if ($1 == "wfrun") { wr[key] += $8; wc[key] += $12; wn[key]++ } else { sr[key] += $8; sc[key] += $12; sn[key]++ } }
  END { for (k in wr) printf "  %s msgs: throughput wfrun/script %.2f, client CPU script/wfrun %.2f\n", k, (wr[k]/wn[k]) / (sr[k]/sn[k]), (sc[k]/sn[k]) / (wc[k]/wn[k]) }' "$work/results"
