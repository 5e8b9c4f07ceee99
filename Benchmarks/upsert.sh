#!/usr/bin/env bash
# The engine's data path against its floor, side by side in one run: N records from a CSV file,
# mapped (6 fields) and upserted into SQLite by `wfrun run` (release build), and the same rows
# imported by the sqlite3 shell and upserted into the same table shape in one transaction.
# Also wfrun's peak memory at N/10 and N records, which must stay flat (streaming).
#
#   Benchmarks/upsert.sh              1,000,000 records
#   N=200000 Benchmarks/upsert.sh     another count
set -euo pipefail
cd "$(dirname "$0")/.."
count="${N:-1000000}"
small=$((count / 10))
for tool in sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "upsert.sh needs $tool (apt-get install $tool)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "upsert.sh needs GNU time (apt-get install time)" >&2; exit 1; }

if [ -n "${WFRUN_BIN:-}" ]; then wfrun="$WFRUN_BIN"; else
  swift build -c release --scratch-path .build-release --product wfrun >&2
  wfrun="$(swift build -c release --scratch-path .build-release --show-bin-path)/wfrun"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

make_csv() { # count file
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as out:
    out.write("id,username,name,followers,verified\n")
    for i in range(n):
        out.write(f"{i},User{i},Follower {i},{i % 5000},{'true' if i % 7 == 0 else 'false'}\n")
PY
}
make_csv "$count" "$work/big.csv"
make_csv "$small" "$work/small.csv"
for size in big small; do
  cat > "$work/$size.xml" <<XML
<workflow xmlns="urn:wfrun:workflow:1" name="import_$size">
  <start name="begin"><next to="read"/></start>
  <fetch name="read" connector="file" resource="records" path="$size.csv"><next to="shape"/></fetch>
  <map name="shape">
    <field name="origin" value="'Twitter'"/>
    <field name="external_id" value="id"/>
    <field name="username" value="lower(username)"/>
    <field name="full_name" value="name"/>
    <field name="friends" value="toInt(followers)"/>
    <field name="verified" value="verified == 'true'"/>
    <next to="save"/>
  </map>
  <upsert name="save" schema="visitor" key="origin external_id"><next to="done"/></upsert>
  <end name="done"/>
</workflow>
XML
done

timed() { # output-file command...
  local out="$1"; shift
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$out.kb" "$@" >"$out.log" 2>&1 || { echo "failed: $*" >&2; tail -20 "$out.log" >&2; exit 1; }
  end=$(date +%s%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }' > "$out.s"
}

timed "$work/wfrun_big" "$wfrun" run "$work/big.xml" --db "$work/wfrun.sqlite"
timed "$work/wfrun_small" "$wfrun" run "$work/small.xml" --db "$work/wfrun_small.sqlite"

cat > "$work/shell.sql" <<'SQL'
PRAGMA journal_mode = WAL;
CREATE TABLE visitor (id INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT NOT NULL, external_id TEXT NOT NULL,
  username TEXT, full_name TEXT, friends INTEGER, verified INTEGER, folder TEXT, created_at TEXT, updated_at TEXT);
CREATE UNIQUE INDEX visitor_key ON visitor (origin, external_id);
CREATE TEMP TABLE staging (id TEXT, username TEXT, name TEXT, followers TEXT, verified TEXT);
.import --csv --skip 1 CSVFILE staging
BEGIN;
INSERT INTO visitor (origin, external_id, username, full_name, friends, verified, created_at, updated_at)
  SELECT 'Twitter', id, lower(username), name, CAST(followers AS INTEGER), verified = 'true',
         strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ') FROM staging WHERE true
  ON CONFLICT (origin, external_id) DO UPDATE SET username = excluded.username, full_name = excluded.full_name,
    friends = excluded.friends, verified = excluded.verified, updated_at = excluded.updated_at;
COMMIT;
SQL
sed -i "s|CSVFILE|$work/big.csv|" "$work/shell.sql"
timed "$work/shell" sqlite3 "$work/shell.sqlite" ".read $work/shell.sql"

rows_wfrun=$(sqlite3 "$work/wfrun.sqlite" "SELECT count(*) FROM visitor")
rows_shell=$(sqlite3 "$work/shell.sqlite" "SELECT count(*) FROM visitor")
[ "$rows_wfrun" = "$count" ] && [ "$rows_shell" = "$count" ] || { echo "row counts differ: wfrun $rows_wfrun, shell $rows_shell, expected $count" >&2; exit 1; }

w=$(cat "$work/wfrun_big.s"); s=$(cat "$work/shell.s")
wkb=$(tail -1 "$work/wfrun_big.kb"); skb=$(tail -1 "$work/wfrun_small.kb")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
echo "records: $count (csv -> map 6 fields -> upsert visitor, 1000-row transactions)"
echo "wfrun run:      ${w} s  ($(awk -v n="$count" -v t="$w" 'BEGIN { printf "%.0f", n / t }') records/s), peak $((wkb / 1024)) MB"
echo "sqlite3 shell:  ${s} s  (.import + one upsert transaction)"
echo "ratio wfrun/shell: $(awk -v a="$w" -v b="$s" 'BEGIN { printf "%.2f", a / b }')"
echo "peak memory: $((skb / 1024)) MB at $small records, $((wkb / 1024)) MB at $count records (ratio $(awk -v a="$wkb" -v b="$skb" 'BEGIN { printf "%.2f", a / b }'))"
