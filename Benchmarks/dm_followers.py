#!/usr/bin/env python3
"""What a user would otherwise write instead of a `publish action="dm"` workflow: a plain script
that sends a direct message to every open subscription of an X account, for Benchmarks/publish.sh
to race against `wfrun run`.

Written the way a careful person would, with the usual libraries: a requests.Session signed by
requests_oauthlib.OAuth1, the followers read from the subscription table of the store
syncTwitter filled, `POST /2/dm_conversations/with/:id/messages` one after the other, and a
`sent` table in the same SQLite file recording each message's event id, committed every 100
messages (so a crash loses at most 100 records; it does not know which of them went out).

    dm_followers.py --base-url http://127.0.0.1:PORT --db store.sqlite [--expect N]

Credentials from WFRUN_DEMO_X_* as `wfrun emulate` prints them. Prints `messages N seconds S`.
"""
import argparse
import os
import sqlite3
import sys
import time

import requests
from requests_oauthlib import OAuth1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--prefix", default="WFRUN_DEMO_X_")
    parser.add_argument("--service", default="wfrun_demo")
    parser.add_argument("--expect", type=int)
    args = parser.parse_args()
    env = os.environ
    session = requests.Session()
    session.auth = OAuth1(env[args.prefix + "CONSUMER_KEY"], env[args.prefix + "CONSUMER_SECRET"],
                          env[args.prefix + "ACCESS_TOKEN"], env[args.prefix + "ACCESS_TOKEN_SECRET"],
                          signature_method="HMAC-SHA1")
    base = args.base_url.rstrip("/")
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE TABLE IF NOT EXISTS script_sent (recipient TEXT PRIMARY KEY, event_id TEXT, sent_at TEXT)")
    recipients = [row[0] for row in db.execute(
        "SELECT external_id FROM subscription WHERE service = ? AND ended_at IS NULL ORDER BY id", (args.service,))]
    started = time.monotonic()
    sent = 0
    pending = []
    for recipient in recipients:
        response = session.post(f"{base}/2/dm_conversations/with/{recipient}/messages",
                                json={"text": f"Thanks for following us, {recipient}!"}, timeout=30)
        response.raise_for_status()
        pending.append((recipient, response.json()["data"]["dm_event_id"], time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())))
        if len(pending) == 100:
            with db:
                db.executemany("INSERT OR REPLACE INTO script_sent VALUES (?, ?, ?)", pending)
            sent += len(pending)
            pending = []
    if pending:
        with db:
            db.executemany("INSERT OR REPLACE INTO script_sent VALUES (?, ?, ?)", pending)
        sent += len(pending)
    seconds = time.monotonic() - started
    db.close()
    print(f"messages {sent} seconds {seconds:.3f}")
    if args.expect is not None and sent != args.expect:
        print(f"dm_followers.py: expected {args.expect} messages, sent {sent}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
