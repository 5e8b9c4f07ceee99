#!/usr/bin/env python3
"""Writes N distinct, valid wfrun workflows of about 20 activities each into DIR.

    python3 Benchmarks/generate-workflows.py N DIR

Each file reads records from a CSV file, filters them, maps them into the `visitor` data schema,
branches on a test, forks into an upsert, logs and a wait that a join brings back together, then
checks and ends. Names, labels, expressions, durations and levels vary with the file's number, so
no two files are alike. Every activity is reachable, every join has at least two inputs, and there
is no cycle: the files are clean for both `wfrun validate` and `xmllint --schema`.
"""
import os
import sys
from xml.sax.saxutils import quoteattr

NOUNS = ["contacts", "followers", "members", "leads", "fans", "readers", "guests", "subscribers",
         "partners", "donors", "alumni", "speakers", "buyers", "players", "authors", "clients"]
VERBS = ["import", "sync", "load", "refresh", "merge", "collect", "gather", "update"]
LEVELS = ["debug", "info", "warning", "error"]
SEVERITIES = ["info", "warning", "error"]
UNITS = [("s", 59), ("m", 59), ("h", 23), ("ms", 900)]


def a(value):
    """An attribute value, quoted and escaped."""
    return quoteattr(str(value))


def workflow(i):
    noun = NOUNS[i % len(NOUNS)]
    verb = VERBS[(i // len(NOUNS)) % len(VERBS)]
    cap = noun.capitalize()
    s = f"{i:04d}"  # a suffix that keeps activity names distinct across files
    unit, most = UNITS[i % len(UNITS)]
    duration = f"{1 + i % most}{unit}"
    threshold = 10 * (i % 97) + 1
    origin = "Twitter" if i % 2 == 0 else "Facebook"

    external_id = ["id", "toString(id)", f"concat('{noun[0]}', id)", "trim(toString(id))"][i % 4]
    username = ["lower(username)", "trim(handle)", "lower(trim(screen_name))", f"coalesce(username, 'user{i}')"][i % 4]
    full_name = ["trim(name)", "concat(first_name, ' ', last_name)", "upper(name)", f"coalesce(name, '{cap} {i}')"][i % 4]
    friends = ["toInt(followers)", f"toInt(followers) + {i % 13}", "abs(toInt(follower_count))", "round(toNumber(followers))"][i % 4]
    verified = ["lower(trim(verified)) == 'true'", "verified == 'yes'", "toInt(badge) > 0", "contains(lower(flags), 'verified')"][i % 4]
    folder = [f"'{cap} {i}'", f"concat('Imported ', '{noun} batch {i}')", f"'{verb.capitalize()}ed {noun}'"][i % 3]
    keep = ["not isNull(id)", f"length(trim(toString(id))) > {i % 5}", f"not isNull(username) and toInt(followers) >= {i % 50}"][i % 3]
    recent = [f"date(created_at) >= '2020-01-{1 + i % 28:02d}'", f"toInt(posts) > {i % 20}", "not startsWith(lower(username), 'bot')"][i % 3]
    popular = f"toInt(followers) >= {threshold}"
    level = LEVELS[i % len(LEVELS)]
    severity = SEVERITIES[i % len(SEVERITIES)]

    return f"""<?xml version="1.0" encoding="UTF-8"?>
<workflow xmlns="urn:wfrun:workflow:1" name={a(f"{verb}{cap}{s}")}
          label={a(f"{verb.capitalize()} {noun} from a CSV file, variant {i}")} maxConsecutiveErrors={a(1 + i % 9)}>
  <description>Generated benchmark workflow {i}: {verb} {noun} with at least {threshold} followers.</description>

  <start name={a(f"begin{s}")} label="Start">
    <next to={a(f"read{s}")}/>
  </start>

  <fetch name={a(f"read{s}")} label={a(f"Read {noun}")} connector="file" resource="records" path="data.csv">
    <retry count={a(1 + i % 4)} backoff={a(f"{1 + i % 30}s")} cap="10m"/>
    <next to={a(f"keep{s}")}/>
    <onError to={a(f"readFailed{s}")}/>
  </fetch>

  <alert name={a(f"readFailed{s}")} label="Unreadable" severity={a(severity)}
         message={a(f"'Could not read data.csv for {noun} ({i})'")}>
    <next to={a(f"failed{s}")}/>
  </alert>

  <filter name={a(f"keep{s}")} label={a(f"Usable {noun}")} condition={a(keep)}>
    <next to={a(f"recent{s}")}/>
  </filter>

  <filter name={a(f"recent{s}")} label={a(f"Recent {noun}")} condition={a(recent)}>
    <next to={a(f"shape{s}")}/>
  </filter>

  <map name={a(f"shape{s}")} label={a(f"{cap} to visitor")} schema="visitor">
    <field name="origin" value={a(f"'{origin}'")}/>
    <field name="external_id" value={a(external_id)}/>
    <field name="username" value={a(username)}/>
    <field name="full_name" value={a(full_name)}/>
    <field name="friends" value={a(friends)}/>
    <field name="verified" value={a(verified)}/>
    <field name="folder" value={a(folder)}/>
    <next to={a(f"popular{s}")}/>
  </map>

  <test name={a(f"popular{s}")} label={a(f"At least {threshold} followers?")} condition={a(popular)}>
    <then to={a(f"split{s}")}/>
    <else to={a(f"tooFew{s}")}/>
  </test>

  <log name={a(f"tooFew{s}")} level={a(level)}
       message={a(f"concat('Skipped ', toString(username), ': fewer than {threshold} followers')")}>
    <next to={a(f"skipped{s}")}/>
  </log>

  <fork name={a(f"split{s}")} label="Save, audit and count">
    <next to={a(f"save{s}")}/>
    <next to={a(f"audit{s}")}/>
    <next to={a(f"count{s}")}/>
  </fork>

  <upsert name={a(f"save{s}")} label={a(f"Save {noun}")} schema="visitor" key="origin external_id">
    <next to={a(f"merge{s}")}/>
  </upsert>

  <log name={a(f"audit{s}")} level="debug" message={a(f"concat('{verb} ', toString(external_id), ' into ', toString(folder))")}>
    <next to={a(f"pause{s}")}/>
  </log>

  <wait name={a(f"pause{s}")} label={a(f"Pause {duration}")} duration={a(duration)}>
    <next to={a(f"merge{s}")}/>
  </wait>

  <log name={a(f"count{s}")} level="info" message={a(f"concat('{cap}: ', toString(length(toString(username))), ' characters')")}>
    <next to={a(f"merge{s}")}/>
  </log>

  <join name={a(f"merge{s}")} label="All branches done">
    <next to={a(f"report{s}")}/>
  </join>

  <log name={a(f"report{s}")} level={a(LEVELS[(i + 1) % len(LEVELS)])}
       message={a(f"concat('{verb.capitalize()} of {noun} ', 'finished at ', toString(now()))")}>
    <next to={a(f"verify{s}")}/>
  </log>

  <test name={a(f"verify{s}")} label="Verified accounts?" condition={a(f"verified == true or toInt(friends) > {threshold * 10}")}>
    <then to={a(f"finish{s}")}/>
    <else to={a(f"unverified{s}")}/>
  </test>

  <log name={a(f"unverified{s}")} level="warning" message={a(f"concat('Unverified: ', toString(username))")}>
    <next to={a(f"finishUnverified{s}")}/>
  </log>

  <end name={a(f"finish{s}")}/>
  <end name={a(f"finishUnverified{s}")}/>
  <end name={a(f"skipped{s}")}/>
  <end name={a(f"failed{s}")}/>
</workflow>
"""


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: generate-workflows.py N DIR")
    count, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    for i in range(count):
        with open(os.path.join(folder, f"workflow-{i:04d}.xml"), "w", encoding="utf-8") as out:
            out.write(workflow(i))
    print(f"wrote {count} workflows to {folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
