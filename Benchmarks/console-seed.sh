#!/usr/bin/env bash
# The console benchmark's store: a wfrun SQLite store holding a year of history, 100,000 runs of
# 10 workflows (statuses, durations, 4 activity rows and 3 log lines each) and 1,000,000
# visitors as syncTwitter and syncFacebookFans write them. wfrun creates the store and the
# visitor table itself (one tiny run), so tables, indexes and migrations are exactly wfrun's;
# the rows are then written by the sqlite3 shell (recursive CTEs) in seconds.
#
#   Benchmarks/console-seed.sh STORE.sqlite                 (refuses an existing file)
#   RUNS=10000 VISITORS=100000 Benchmarks/console-seed.sh small.sqlite
#   WFRUN_BIN=.build/debug/wfrun Benchmarks/console-seed.sh STORE.sqlite    (no release build)
#
# Benchmarks/console-queries.sh STORE.sqlite then times the console's queries on it.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: Benchmarks/console-seed.sh STORE.sqlite" >&2; exit 2; }
store="$1"
runs="${RUNS:-100000}"
visitors="${VISITORS:-1000000}"
[ -e "$store" ] && { echo "console-seed.sh: $store exists; name a new file" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "console-seed.sh needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }
case "$store" in /*) ;; *) store="$PWD/$store" ;; esac

cd "$(dirname "$0")/.."
if [ -n "${WFRUN_BIN:-}" ]; then wfrun="$WFRUN_BIN"; else
  swift build -c release --scratch-path .build-release --product wfrun >&2
  wfrun="$(swift build -c release --scratch-path .build-release --show-bin-path)/wfrun"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One run that upserts one visitor: wfrun creates and migrates the store and the visitor table.
printf 'id,username\n1,seed\n' > "$work/one.csv"
cat > "$work/seed.xml" <<'XML'
<workflow xmlns="urn:wfrun:workflow:1" name="consoleSeed">
  <start name="begin"><next to="read"/></start>
  <fetch name="read" connector="file" resource="records" path="one.csv"><next to="shape"/></fetch>
  <map name="shape">
    <field name="origin" value="'Twitter'"/>
    <field name="external_id" value="id"/>
    <field name="username" value="username"/>
    <next to="save"/>
  </map>
  <upsert name="save" schema="visitor" key="origin external_id"><next to="done"/></upsert>
  <end name="done"/>
</workflow>
XML
"$wfrun" run "$work/seed.xml" --db "$store" > "$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; exit 1; }

start=$(date +%s)
sqlite3 "$store" <<SQL
PRAGMA synchronous = OFF;
BEGIN;
DELETE FROM checkpoint; DELETE FROM run_log; DELETE FROM activity_run; DELETE FROM run; DELETE FROM visitor;

-- The workflows: name, the activities of a run (fetch, map, save), typical seconds, spread.
CREATE TEMP TABLE wf (n INTEGER PRIMARY KEY, name TEXT, fetch TEXT, save TEXT, seconds INTEGER, spread INTEGER);
INSERT INTO wf VALUES
  (0, 'syncTwitter', 'followers', 'saveVisitors', 240, 600), (1, 'statsTwitter', 'tweets', 'saveStats', 30, 60),
  (2, 'syncFacebook', 'pages', 'savePages', 8, 20), (3, 'syncFacebookFans', 'engagement', 'saveFans', 90, 300),
  (4, 'statsFacebook', 'insights', 'saveStats', 20, 40), (5, 'publishWeekly', 'posts', 'publish', 12, 30),
  (6, 'welcomeDM', 'newFollowers', 'sendDM', 45, 120), (7, 'importCRM', 'crmExport', 'saveVisitors', 60, 240),
  (8, 'linkStats', 'visits', 'saveStats', 5, 10), (9, 'cleanupVisitors', 'staleVisitors', 'endSubscriptions', 15, 60);

-- Runs every 5 minutes over the year before 2026-12-01, the workflows in turn; about 94% succeed,
-- 4% fail, 1% are interrupted, 1% skipped; the newest run of each of 3 workflows is running.
CREATE TEMP TABLE seq AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $runs) SELECT i FROM n;
CREATE TEMP TABLE r AS
SELECT i AS id, wf.name AS workflow, wf.fetch AS fetch, wf.save AS save,
  1796083200 - ($runs - i) * 300 AS started,
  wf.seconds + abs(random()) % wf.spread AS seconds,
  CASE WHEN i > $runs - 3 THEN 'running'
       ELSE CASE abs(random()) % 100 WHEN 0 THEN 'interrupted' WHEN 1 THEN 'skipped'
            WHEN 2 THEN 'failed' WHEN 3 THEN 'failed' WHEN 4 THEN 'failed' WHEN 5 THEN 'failed' ELSE 'succeeded' END END AS status,
  abs(random()) % 5000 AS records
FROM seq JOIN wf ON wf.n = seq.i % 10;

INSERT INTO run (id, workflow, file, status, parameters, started_at, ended_at, error, owner, lease_until, resume_at)
SELECT id, workflow, 'Workflows/' || workflow || '.xml', status,
  CASE WHEN id % 50 = 0 THEN '{"since":"2026-01-01"}' ELSE '{}' END,
  strftime('%Y-%m-%dT%H:%M:%SZ', started, 'unixepoch'),
  CASE WHEN status = 'running' THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', started + seconds, 'unixepoch') END,
  CASE status WHEN 'failed' THEN 'fetch ' || fetch || ': X answered 429 (rate limit exceeded, code 88) 3 times; giving up'
              WHEN 'interrupted' THEN 'the process ended (SIGTERM) before the run did' ELSE NULL END,
  CASE WHEN status = 'running' THEN 'console-bench/4120/1796083000' ELSE NULL END,
  CASE WHEN status = 'running' THEN strftime('%Y-%m-%dT%H:%M:%SZ', 1796083200 + 600, 'unixepoch') ELSE NULL END,
  NULL
FROM r;

-- Four activities a run: begin, fetch, map, save; a failed run fails at its fetch.
INSERT INTO activity_run (run, activity, kind, status, attempts, records_in, records_out, started_at, ended_at, error, outcome)
SELECT id, 'begin', 'start', 'succeeded', 1, 0, 0, strftime('%Y-%m-%dT%H:%M:%SZ', started, 'unixepoch'),
  strftime('%Y-%m-%dT%H:%M:%SZ', started, 'unixepoch'), NULL, 'next' FROM r;
INSERT INTO activity_run (run, activity, kind, status, attempts, records_in, records_out, started_at, ended_at, error, outcome)
SELECT id, fetch, 'fetch', status,
  CASE status WHEN 'failed' THEN 3 ELSE 1 END, 0, CASE status WHEN 'failed' THEN 0 ELSE records END,
  strftime('%Y-%m-%dT%H:%M:%SZ', started + 1, 'unixepoch'),
  CASE WHEN status = 'running' THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', started + seconds, 'unixepoch') END,
  CASE status WHEN 'failed' THEN 'X answered 429 (rate limit exceeded, code 88)' ELSE NULL END,
  CASE status WHEN 'succeeded' THEN 'next' ELSE NULL END FROM r;
INSERT INTO activity_run (run, activity, kind, status, attempts, records_in, records_out, started_at, ended_at, error, outcome)
SELECT id, 'shape', 'map', status, 1, records, records, strftime('%Y-%m-%dT%H:%M:%SZ', started + 2, 'unixepoch'),
  strftime('%Y-%m-%dT%H:%M:%SZ', started + seconds, 'unixepoch'), NULL, 'next' FROM r WHERE status IN ('succeeded', 'running');
INSERT INTO activity_run (run, activity, kind, status, attempts, records_in, records_out, started_at, ended_at, error, outcome)
SELECT id, save, 'upsert', status, 1, records, records, strftime('%Y-%m-%dT%H:%M:%SZ', started + 3, 'unixepoch'),
  strftime('%Y-%m-%dT%H:%M:%SZ', started + seconds, 'unixepoch'), NULL, 'next' FROM r WHERE status IN ('succeeded', 'running');

-- Three log lines a run.
INSERT INTO run_log (run, activity, level, message, at)
SELECT id, NULL, 'info', 'run ' || id || ' of ' || workflow || ' started', strftime('%Y-%m-%dT%H:%M:%SZ', started, 'unixepoch') FROM r;
INSERT INTO run_log (run, activity, level, message, at)
SELECT id, fetch, CASE status WHEN 'failed' THEN 'warning' ELSE 'info' END,
  CASE status WHEN 'failed' THEN 'rate limited (x-rate-limit-remaining 0); waiting 900 s for the window to reset'
              ELSE 'read ' || records || ' records in ' || (1 + records / 1000) || ' pages' END,
  strftime('%Y-%m-%dT%H:%M:%SZ', started + seconds / 2, 'unixepoch') FROM r;
INSERT INTO run_log (run, activity, level, message, at)
SELECT id, NULL, CASE status WHEN 'failed' THEN 'error' ELSE 'info' END,
  'run ' || id || ' ' || status || CASE status WHEN 'succeeded' THEN ': ' || records || ' inserted or updated' ELSE '' END,
  strftime('%Y-%m-%dT%H:%M:%SZ', started + seconds, 'unixepoch') FROM r WHERE status <> 'running';

-- Visitors: X followers (80%) and Facebook fans, as the sync workflows map them.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $visitors)
INSERT INTO visitor (id, origin, external_id, username, full_name, friends, verified, folder, created_at, updated_at)
SELECT i, CASE WHEN i % 5 = 0 THEN 'Facebook' ELSE 'Twitter' END,
  CASE WHEN i % 5 = 0 THEN '10' || (158000000000000 + i * 7) ELSE CAST(1400000000 + i * 13 AS TEXT) END,
  CASE WHEN i % 5 = 0 THEN NULL ELSE 'user_' || lower(hex(randomblob(4))) END,
  CASE abs(random()) % 8 WHEN 0 THEN 'Alice' WHEN 1 THEN 'Bruno' WHEN 2 THEN 'Chloé' WHEN 3 THEN 'Dmitri'
    WHEN 4 THEN 'Elin' WHEN 5 THEN 'Fatou' WHEN 6 THEN 'Gustav' ELSE 'Hana' END || ' ' ||
  CASE abs(random()) % 6 WHEN 0 THEN 'Martin' WHEN 1 THEN 'Lindqvist' WHEN 2 THEN 'Diallo' WHEN 3 THEN 'Rossi'
    WHEN 4 THEN 'Nakamura' ELSE 'Dupont' END,
  CASE WHEN i % 5 = 0 THEN NULL ELSE CAST(pow(10, (abs(random()) % 5000) / 1000.0) AS INTEGER) END,
  CASE WHEN i % 5 = 0 THEN NULL WHEN i % 97 = 0 THEN 1 ELSE 0 END,
  CASE WHEN i % 5 = 0 THEN 'Facebook fans' ELSE 'Twitter followers' END,
  strftime('%Y-%m-%dT%H:%M:%SZ', 1764547200 + i * 31, 'unixepoch'),
  strftime('%Y-%m-%dT%H:%M:%SZ', 1764547200 + i * 31 + (abs(random()) % 3) * 604800, 'unixepoch')
FROM n;
COMMIT;
SQL
sqlite3 "$store" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
echo "console-seed.sh: $store: $(sqlite3 "$store" "SELECT (SELECT COUNT(*) FROM run) || ' runs, ' || (SELECT COUNT(*) FROM activity_run) || ' activity rows, ' || (SELECT COUNT(*) FROM run_log) || ' log lines, ' || (SELECT COUNT(*) FROM visitor) || ' visitors'") in $(( $(date +%s) - start )) s"
