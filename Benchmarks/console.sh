#!/usr/bin/env bash
# The console under load (issue 12's goal: every page and API call under 100 ms at the 95th
# percentile with 8 concurrent clients, the server's memory flat). The store holds 100,000 runs
# and 1,000,000 visitors (Benchmarks/console-seed.sh); a release `wfrun serve` serves it and the
# 5 shipped workflows; wrk (8 connections, 2 threads) asks each URL for DURATION seconds
# (default 10), signed in with a session cookie (pages) or the token (API, /metrics).
# Prints one Markdown row per URL: requests/s, p50, p90, p99 (wrk gives no p95: p99 bounds it),
# the ratio p99 / 100 ms, and the server's RSS after the URL.
#
#   Benchmarks/console.sh                    (release build, seeds a new store in a temporary folder)
#   DURATION=5 WFRUN_BIN=.build/debug/wfrun Benchmarks/console.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "console.sh needs wrk (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "console.sh needs curl" >&2; exit 1; }
duration="${DURATION:-10}"
if [ -n "${WFRUN_BIN:-}" ]; then wfrun="$WFRUN_BIN"; else
  swift build -c release --scratch-path .build-release --product wfrun >&2
  wfrun="$(swift build -c release --scratch-path .build-release --show-bin-path)/wfrun"
fi
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

WFRUN_BIN="$wfrun" Benchmarks/console-seed.sh "$work/store.sqlite" >&2
mkdir "$work/Workflows"
cp Workflows/*.xml "$work/Workflows/"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$wfrun" serve --workflows "$work/Workflows" --db "$work/store.sqlite" --listen "127.0.0.1:$port" \
  >"$work/serve.log" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
token=$(grep -o 'wfc_[A-Za-z0-9_-]*' "$work/serve.err" | head -n 1)
[ -n "$token" ] || { echo "console.sh: serve printed no token" >&2; cat "$work/serve.err" >&2; exit 1; }

# A browser's sign-in: the form's cookie and CSRF token, then the session cookie.
jar="$work/cookies"
csrf=$(curl -s -c "$jar" "http://127.0.0.1:$port/login" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "token=$token" "http://127.0.0.1:$port/login"
session=$(awk '$6 == "wfrun_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "console.sh: the sign-in failed" >&2; exit 1; }

rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status"; }
ms() { # wrk's latency (such as 812.00us, 12.31ms, 1.02s) in milliseconds
  awk -v t="$1" 'BEGIN { if (t ~ /us$/) printf "%.2f", t / 1000; else if (t ~ /ms$/) printf "%.2f", t + 0; else printf "%.2f", t * 1000 }'
}
middle=50000
pages=(
  "/workflows" "/workflows/syncTwitter" "/runs" "/runs?status=failed" "/runs?workflow=syncTwitter&status=succeeded"
  "/runs?from=2026-06-01&to=2026-06-07" "/runs?before=$middle" "/runs/$middle" "/data" "/data/visitor"
  "/data/visitor?where=verified%20and%20friends%20%3E%201000" "/services"
)
apis=("/api/v1/workflows" "/api/v1/runs" "/api/v1/runs?status=failed&limit=100" "/api/v1/runs/$middle" "/api/v1/tables" "/api/v1/data/visitor" "/metrics")
echo "RSS after start: $(rss) MB; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); $("$wfrun" --version 2>/dev/null || true)"
echo
echo "| URL | req/s | p50 ms | p90 ms | p99 ms | p99 / 100 ms | RSS after, MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
measure() {
  local url="$1" header="$2" out
  out=$(wrk -t2 -c8 -d"${duration}s" --latency -H "$header" "http://127.0.0.1:$port$url")
  local status; status=$(curl -s -o /dev/null -w '%{http_code}' -H "$header" "http://127.0.0.1:$port$url")
  [ "$status" = 200 ] || { echo "console.sh: $url answered $status" >&2; exit 1; }
  local rate p50 p90 p99
  rate=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
  p50=$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p90=$(ms "$(awk '$1 == "90%" { print $2 }' <<<"$out")")
  p99=$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  echo "| \`$url\` | $rate | $p50 | $p90 | $p99 | $(awk -v p="$p99" 'BEGIN { printf "%.2f", p / 100 }') | $(rss) |"
}
for url in "${pages[@]}"; do measure "$url" "Cookie: wfrun_session=$session"; done
for url in "${apis[@]}"; do measure "$url" "Authorization: Bearer $token"; done
echo
echo "RSS at the end: $(rss) MB"
