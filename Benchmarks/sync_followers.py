#!/usr/bin/env python3
"""What a user would otherwise write instead of Workflows/syncTwitter.xml: a plain script that
imports an X account's followers into SQLite, for Benchmarks/sync-twitter.sh to race against
`wfrun run`.

It is written the way a competent person would write it, with the usual libraries and nothing
clever: a requests.Session signed by requests_oauthlib.OAuth1 (HMAC-SHA1), `GET /2/users/me` for
the account id, then `GET /2/users/:id/followers?max_results=1000&user.fields=...` page after page
following `meta.next_token`. Each page is ONE sqlite3 transaction that upserts its visitors
(`INSERT ... ON CONFLICT (origin, external_id) DO UPDATE`) and its subscriptions into tables of
the same shape as wfrun's (Schemas/data/visitor.xml and subscription.xml; WAL, synchronous=NORMAL,
like wfrun's store). At the end, subscriptions of this account that the run did not see get
`ended_at` (a full synchronization, like the workflow's endMissing="ended_at"), and the row counts
are checked. With --visitors-only it writes the visitors alone (no subscriptions, nothing ended):
the same work as a workflow `fetch -> toVisitor -> saveVisitor`.

    sync_followers.py --base-url http://127.0.0.1:PORT --db out.sqlite [--expect 1000000] [--visitors-only]

Credentials come from the variables `wfrun emulate` prints: WFRUN_DEMO_X_CONSUMER_KEY,
WFRUN_DEMO_X_CONSUMER_SECRET, WFRUN_DEMO_X_ACCESS_TOKEN, WFRUN_DEMO_X_ACCESS_TOKEN_SECRET
(--prefix to use another account's). Prints `pages N records N seconds S`.
"""
import argparse
import datetime
import os
import sqlite3
import sys
import time

import requests
from requests_oauthlib import OAuth1

USER_FIELDS = "created_at,description,location,verified,public_metrics"

SCHEMA = """
CREATE TABLE IF NOT EXISTS visitor (
  id INTEGER PRIMARY KEY, origin TEXT, external_id TEXT, username TEXT, full_name TEXT,
  friends INTEGER, verified INTEGER, folder TEXT, created_at TEXT, updated_at TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS visitor_origin_external_id_key ON visitor (origin, external_id);
CREATE INDEX IF NOT EXISTS visitor_folder_idx ON visitor (folder);
CREATE TABLE IF NOT EXISTS subscription (
  id INTEGER PRIMARY KEY, service TEXT, origin TEXT, external_id TEXT, subscribed_at TEXT,
  ended_at TEXT, seen_run INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS subscription_service_origin_external_id_key
  ON subscription (service, origin, external_id);
CREATE INDEX IF NOT EXISTS subscription_origin_external_id_idx ON subscription (origin, external_id);
"""

UPSERT_VISITOR = """
INSERT INTO visitor (origin, external_id, username, full_name, friends, verified, folder, created_at, updated_at)
VALUES ('Twitter', ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (origin, external_id) DO UPDATE SET
  username = excluded.username, full_name = excluded.full_name, friends = excluded.friends,
  verified = excluded.verified, folder = excluded.folder, updated_at = excluded.updated_at
WHERE visitor.username IS NOT excluded.username OR visitor.full_name IS NOT excluded.full_name
   OR visitor.friends IS NOT excluded.friends OR visitor.verified IS NOT excluded.verified
   OR visitor.folder IS NOT excluded.folder
"""

UPSERT_SUBSCRIPTION = """
INSERT INTO subscription (service, origin, external_id, subscribed_at, seen_run)
VALUES (?, 'Twitter', ?, ?, ?)
ON CONFLICT (service, origin, external_id) DO UPDATE SET seen_run = excluded.seen_run, ended_at = NULL
"""


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="the X API base, e.g. http://127.0.0.1:8080")
    parser.add_argument("--db", required=True, help="the SQLite file to write")
    parser.add_argument("--prefix", default="WFRUN_DEMO_X_", help="prefix of the credential variables")
    parser.add_argument("--service", default="wfrun_demo", help="the service name written to subscription.service")
    parser.add_argument("--folder", default="Visitors", help="the visitor folder")
    parser.add_argument("--expect", type=int, help="fail unless exactly this many visitors and subscriptions")
    parser.add_argument("--visitors-only", action="store_true",
                        help="write only the visitors (no subscriptions), like fetch -> toVisitor -> saveVisitor")
    args = parser.parse_args()

    env = os.environ
    auth = OAuth1(env[args.prefix + "CONSUMER_KEY"], env[args.prefix + "CONSUMER_SECRET"],
                  env[args.prefix + "ACCESS_TOKEN"], env[args.prefix + "ACCESS_TOKEN_SECRET"],
                  signature_method="HMAC-SHA1")
    session = requests.Session()
    session.auth = auth
    base = args.base_url.rstrip("/")

    db = sqlite3.connect(args.db)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.executescript(SCHEMA)
    run = int(time.time())

    started = time.monotonic()
    response = session.get(f"{base}/2/users/me", params={"user.fields": USER_FIELDS}, timeout=30)
    response.raise_for_status()
    account_id = response.json()["data"]["id"]

    pages = records = 0
    token = None
    while True:
        params = {"max_results": 1000, "user.fields": USER_FIELDS}
        if token:
            params["pagination_token"] = token
        response = session.get(f"{base}/2/users/{account_id}/followers", params=params, timeout=30)
        response.raise_for_status()
        page = response.json()
        users = page.get("data", [])
        stamp = now()
        with db:  # one transaction per page
            db.executemany(UPSERT_VISITOR, [
                (u["id"], u["username"], u.get("name") or None, u.get("public_metrics", {}).get("followers_count"),
                 bool(u.get("verified", False)), args.folder, stamp, stamp)
                for u in users])
            if not args.visitors_only:
                db.executemany(UPSERT_SUBSCRIPTION, [(args.service, u["id"], stamp, run) for u in users])
        pages += 1
        records += len(users)
        token = page.get("meta", {}).get("next_token")
        if not token:
            break
    if not args.visitors_only:
        with db:  # followers no longer listed: the subscription ends (the row stays)
            db.execute("UPDATE subscription SET ended_at = ? WHERE service = ? AND ended_at IS NULL AND seen_run IS NOT ?",
                       (now(), args.service, run))
    seconds = time.monotonic() - started

    visitors = db.execute("SELECT count(*) FROM visitor").fetchone()[0]
    subscriptions = db.execute("SELECT count(*) FROM subscription WHERE ended_at IS NULL").fetchone()[0]
    db.close()
    print(f"pages {pages} records {records} seconds {seconds:.3f} visitors {visitors} subscriptions {subscriptions}")
    expected_subscriptions = 0 if args.visitors_only else args.expect
    if args.expect is not None and not (records == visitors == args.expect and subscriptions == expected_subscriptions):
        print(f"sync_followers.py: expected {args.expect} records, visitors and subscriptions; got "
              f"{records}, {visitors}, {subscriptions}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
