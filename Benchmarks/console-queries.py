#!/usr/bin/env python3
"""The console's store queries on a seeded store (Benchmarks/console-seed.sh): for each, SQLite's
query plan and its time over many executions (p50, p95, max, in milliseconds), the parameters
bound as wfrun binds them. The statements are the texts EngineSQL+Queries.swift and TableSQL.swift
build for SQLite (kept in step by hand: a change there is a change here).

    Benchmarks/console-queries.sh STORE.sqlite
"""
import sqlite3
import sys
import time

RUN = '"id", "workflow", "file", "status", "parameters", "started_at", "ended_at", "error", "owner", "lease_until", "resume_at"'
R_RUN = ", ".join(f'"r".{c.strip()}' for c in RUN.split(","))
VISITOR = '"id", "origin", "external_id", "username", "full_name", "friends", "verified", "folder", "created_at", "updated_at"'
WORKFLOWS = '["cleanupVisitors","importCRM","linkStats","publishWeekly","statsFacebook","statsTwitter","syncFacebook","syncFacebookFans","syncTwitter","welcomeDM"]'

QUERIES = [
    ("runs: newest 50", f'SELECT {RUN} FROM "run" ORDER BY "id" DESC LIMIT ?1', (50,)),
    ("runs: workflow", f'SELECT {RUN} FROM "run" WHERE "workflow" = ?1 ORDER BY "id" DESC LIMIT ?2', ("syncTwitter", 50)),
    ("runs: status failed", f'SELECT {RUN} FROM "run" WHERE "status" IN (?1) ORDER BY "id" DESC LIMIT ?2', ("failed", 50)),
    ("runs: status interrupted", f'SELECT {RUN} FROM "run" WHERE "status" IN (?1) ORDER BY "id" DESC LIMIT ?2', ("interrupted", 50)),
    ("runs: 2 statuses", f'SELECT {RUN} FROM "run" WHERE "status" IN (?1, ?2) ORDER BY "id" DESC LIMIT ?3', ("failed", "interrupted", 50)),
    ("runs: workflow + failed", f'SELECT {RUN} FROM "run" WHERE "workflow" = ?1 AND "status" IN (?2) ORDER BY "id" DESC LIMIT ?3',
     ("syncTwitter", "failed", 50)),
    ("runs: workflow + 2 statuses", f'SELECT {RUN} FROM "run" WHERE "workflow" = ?1 AND "status" IN (?2, ?3) ORDER BY "id" DESC LIMIT ?4',
     ("syncTwitter", "failed", "interrupted", 50)),
    ("runs: one week", f'SELECT {RUN} FROM "run" WHERE "started_at" >= ?1 AND "started_at" < ?2 ORDER BY "id" DESC LIMIT ?3',
     ("2026-06-01T00:00:00", "2026-06-08T00:00:00", 50)),
    ("runs: workflow + failed + week", f'SELECT {RUN} FROM "run" WHERE "workflow" = ?1 AND "status" IN (?2) AND "started_at" >= ?3 '
     f'AND "started_at" < ?4 ORDER BY "id" DESC LIMIT ?5', ("syncTwitter", "failed", "2026-06-01T00:00:00", "2026-06-08T00:00:00", 50)),
    ("runs: page 1000 of workflow", f'SELECT {RUN} FROM "run" WHERE "workflow" = ?1 AND "id" < ?2 ORDER BY "id" DESC LIMIT ?3',
     ("syncTwitter", 50000, 50)),
    ("count: all", 'SELECT COUNT(*) FROM "run"', ()),
    ("count: workflow", 'SELECT COUNT(*) FROM "run" WHERE "workflow" = ?1', ("syncTwitter",)),
    ("count: status succeeded", 'SELECT COUNT(*) FROM "run" WHERE "status" IN (?1)', ("succeeded",)),
    ("count: status failed", 'SELECT COUNT(*) FROM "run" WHERE "status" IN (?1)', ("failed",)),
    ("count: workflow + failed", 'SELECT COUNT(*) FROM "run" WHERE "workflow" = ?1 AND "status" IN (?2)', ("syncTwitter", "failed")),
    ("count: one week", 'SELECT COUNT(*) FROM "run" WHERE "started_at" >= ?1 AND "started_at" < ?2',
     ("2026-06-01T00:00:00", "2026-06-08T00:00:00")),
    ("latest 20 of 10 workflows",
     f'SELECT {R_RUN} FROM json_each(?1) AS "w" JOIN "run" AS "r" ON "r"."id" IN (SELECT "id" FROM "run" WHERE "workflow" = "w"."value" '
     f'ORDER BY "id" DESC LIMIT ?2) ORDER BY "r"."workflow", "r"."id" DESC', (WORKFLOWS, 20)),
    # ControlStore.latestRuns (`wfrun status`) and waitingRuns (every tick of `wfrun serve`): the workflows
    # found by skipping along the (workflow, id) index; "before" is the correlated MAX per run they replaced.
    ("newest run of each workflow", f'WITH RECURSIVE "w" ("name") AS (SELECT MIN("workflow") FROM "run" UNION ALL '
     'SELECT (SELECT MIN("workflow") FROM "run" WHERE "workflow" > "w"."name") FROM "w" WHERE "w"."name" IS NOT NULL) '
     f'SELECT {R_RUN} FROM "w" JOIN "run" AS "r" ON "r"."id" = (SELECT MAX("id") FROM "run" WHERE "workflow" = "w"."name")', ()),
    ("  before: correlated MAX per run", f'SELECT {RUN} FROM "run" AS "r" WHERE "id" = (SELECT MAX("id") FROM "run" '
     'WHERE "workflow" = "r"."workflow")', ()),
    ("run by id", f'SELECT {RUN} FROM "run" WHERE "id" = ?1', (54321,)),
    ("activity runs of a run", 'SELECT "run", "activity", "kind", "status", "attempts", "records_in", "records_out", "started_at", '
     '"ended_at", "error", "outcome" FROM "activity_run" WHERE "run" = ?1 ORDER BY "started_at", "activity"', (54321,)),
    ("log page", 'SELECT "id", "run", "activity", "level", "message", "at" FROM "run_log" WHERE "run" = ?1 AND "id" > ?2 '
     'ORDER BY "id" LIMIT ?3', (54321, 0, 500)),
    ("log: nothing new", 'SELECT "id", "run", "activity", "level", "message", "at" FROM "run_log" WHERE "run" = ?1 AND "id" > ?2 '
     'ORDER BY "id" LIMIT ?3', (54321, 10 ** 9, 500)),
    ("visitors: first page", f'SELECT {VISITOR} FROM "visitor" WHERE "id" > ?1 ORDER BY "id" LIMIT ?2', (0, 51)),
    ("visitors: page at row 900,000", f'SELECT {VISITOR} FROM "visitor" WHERE "id" > ?1 ORDER BY "id" LIMIT ?2', (900000, 51)),
    ("visitors: count (count(of:))", 'SELECT COUNT(*) FROM "visitor"', ()),
]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: Benchmarks/console-queries.sh STORE.sqlite")
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    print(f"sqlite {sqlite3.sqlite_version}; {db.execute('SELECT COUNT(*) FROM run').fetchone()[0]} runs, "
          f"{db.execute('SELECT COUNT(*) FROM visitor').fetchone()[0]} visitors")
    print(f"{'query':34} {'rows':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  plan")
    for name, sql, params in QUERIES:
        plan = "; ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params))
        rows = len(db.execute(sql, params).fetchall())
        times = []
        for _ in range(200):
            start = time.perf_counter()
            db.execute(sql, params).fetchall()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(f"{name:34} {rows:>6} {times[100]:>8.3f} {times[189]:>8.3f} {times[-1]:>8.3f}  {plan}")


main()
