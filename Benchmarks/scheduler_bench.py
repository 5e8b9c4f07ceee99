#!/usr/bin/env python3
"""wfrun serve under 1,000 workflows due every minute (Benchmarks/scheduler.sh runs it).

One mode per run: `sqlite` (one node, one SQLite file) or `cluster` (three nodes on one
PostgreSQL database). The servers run on the real clock: they start ten seconds before a minute
boundary and serve `--rounds` minutes. Measured from the store afterwards:
- fire lateness: the fire row's actual instant minus its scheduled instant (the claim), and the
  run's start minus the scheduled instant (when the run began), p50 / p99 / max;
- double fires (two runs for one scheduled instant) and lost fires (a minute of a started
  workflow with no fire row, nor counted as missed in one);
- the idle servers' CPU between fires (from /proc, over the 30 s from :20 to :50);
- cluster only: the time from a node's kill -9 to another node owning its run.
"""
import argparse, datetime, os, signal, sqlite3, statistics, subprocess, sys, tempfile, time


def parse_instant(text):
    if isinstance(text, datetime.datetime):
        return text
    text = text.strip().replace("Z", "+00:00")
    return datetime.datetime.fromisoformat(text)


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def wait_until_second(second):
    """Waits until the wall clock's seconds within the minute reach `second` (next occurrence)."""
    now = time.time()
    target = now - (now % 60) + second
    if target <= now:
        target += 60
    time.sleep(target - now)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wfrun", required=True)
    parser.add_argument("--mode", choices=["sqlite", "cluster"], required=True)
    parser.add_argument("--workflows", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--postgres", help="postgres:// URL of a server (cluster mode)")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="wfrun-sched-")
    folder = os.path.join(work, "Workflows")
    os.makedirs(folder)
    names = [f"b{i:04d}" for i in range(args.workflows)]
    for name in names:
        with open(os.path.join(folder, name + ".xml"), "w") as handle:
            handle.write(f'<workflow xmlns="urn:wfrun:workflow:1" name="{name}">\n'
                         f'  <scheduler name="s"><every minutes="1"/><next to="done"/></scheduler>\n'
                         f'  <end name="done"/>\n</workflow>\n')
    if args.mode == "cluster":
        # A long run to kill a node under: an import of 300,000 records, started by a trigger.
        with open(os.path.join(folder, "slow.jsonl"), "w") as handle:
            for i in range(300_000):
                handle.write(f'{{"id":"s{i}","username":"u{i}","name":"V {i}"}}\n')
        with open(os.path.join(folder, "slow.xml"), "w") as handle:
            handle.write('<workflow xmlns="urn:wfrun:workflow:1" name="slowImport">\n'
                         '  <start name="begin"><next to="read"/></start>\n'
                         '  <fetch name="read" connector="file" resource="records" path="slow.jsonl"><next to="shape"/></fetch>\n'
                         '  <map name="shape"><field name="origin" value="\'Twitter\'"/><field name="external_id" value="id"/>'
                         '<field name="username" value="username"/><field name="full_name" value="name"/><next to="save"/></map>\n'
                         '  <upsert name="save" schema="visitor" key="origin external_id"><next to="done"/></upsert>\n'
                         '  <end name="done"/>\n</workflow>\n')

    if args.mode == "sqlite":
        db = os.path.join(work, "bench.sqlite")
        def query(sql):
            with sqlite3.connect(db) as connection:
                return connection.execute(sql).fetchall()
    else:
        if not args.postgres:
            sys.exit("cluster mode needs --postgres URL")
        database = "wfrun_sched_%d" % os.getpid()
        base = args.postgres.rsplit("/", 1)[0]
        subprocess.run(["psql", args.postgres, "-qc", f"CREATE DATABASE {database}"], check=True)
        db = f"{base}/{database}"
        def query(sql):
            out = subprocess.run(["psql", db, "-tAF", "\t", "-c", sql], check=True, capture_output=True, text=True).stdout
            return [tuple(line.split("\t")) for line in out.splitlines() if line]

    common = ["--workflows", folder, "--db", db]
    subprocess.run([args.wfrun, "start", *names, *common], check=True, stdout=subprocess.DEVNULL)
    wait_until_second(48)
    nodes = []
    count = 1 if args.mode == "sqlite" else 3
    for index in range(count):
        log = open(os.path.join(work, f"node{index}.log"), "w")
        nodes.append(subprocess.Popen(
            [args.wfrun, "serve", "--listen", "127.0.0.1:0", "--log-format", "json", "--max-runs", "8", *common],
            stdout=log, stderr=subprocess.STDOUT))
    first_minute = (int(time.time()) // 60 + 1) * 60
    idle = []
    takeover = None
    for round_index in range(args.rounds):
        wait_until_second(20)
        before = {node.pid: cpu_seconds(node.pid) for node in nodes if node.poll() is None}
        start = time.time()
        wait_until_second(50)
        elapsed = time.time() - start
        for node in nodes:
            if node.pid in before and node.poll() is None:
                idle.append((cpu_seconds(node.pid) - before[node.pid]) / elapsed * 100)
        if args.mode == "cluster" and takeover is None and round_index == 0:
            subprocess.run([args.wfrun, "trigger", "slowImport", *common], check=True, stdout=subprocess.DEVNULL)
            owner = ""
            deadline = time.time() + 30
            while time.time() < deadline:
                rows = query("SELECT owner FROM run WHERE workflow = 'slowImport' AND status = 'running'")
                if rows and rows[0][0]:
                    owner = rows[0][0]
                    break
                time.sleep(0.05)
            if owner:
                pid = int(owner.split("/")[1])
                victim = next((node for node in nodes if node.pid == pid), None)
                if victim:
                    killed_at = time.time()
                    victim.send_signal(signal.SIGKILL)
                    victim.wait()
                    deadline = time.time() + 60
                    while time.time() < deadline:
                        rows = query("SELECT owner FROM run WHERE workflow = 'slowImport' AND status = 'running'")
                        if rows and rows[0][0] and f"/{pid}/" not in rows[0][0]:
                            takeover = time.time() - killed_at
                            break
                        time.sleep(0.05)
    last_minute = first_minute + 60 * (args.rounds - 1)
    wait_until_second(15)  # the last round's fires and runs have long ended
    for node in nodes:
        if node.poll() is None:
            node.send_signal(signal.SIGTERM)
    for node in nodes:
        node.wait(timeout=60)

    fires = query("SELECT f.workflow, f.scheduled_at, f.fired_at, r.started_at, f.outcome, f.missed FROM fire f "
                  "LEFT JOIN run r ON r.id = f.run WHERE f.reason = 'schedule'")
    claim, start_late = [], []
    for workflow, scheduled, fired, started, outcome, missed in fires:
        scheduled_at = parse_instant(scheduled)
        if scheduled_at.timestamp() < first_minute or scheduled_at.timestamp() > last_minute:
            continue
        claim.append((parse_instant(fired) - scheduled_at).total_seconds() * 1000)
        if started:
            start_late.append((parse_instant(started) - scheduled_at).total_seconds() * 1000)
    minutes = list(range(first_minute, last_minute + 1, 60))
    seen = {}
    for workflow, scheduled, *_ in fires:
        seen.setdefault(workflow, set()).add(int(parse_instant(scheduled).timestamp()))
    lost = sum(1 for name in names for minute in minutes if minute not in seen.get(name, set()))
    doubles = query("SELECT count(*) FROM (SELECT run FROM fire WHERE run IS NOT NULL GROUP BY run HAVING count(*) > 1) AS d")[0][0]
    runs = query("SELECT count(*) FROM run WHERE workflow <> 'slowImport'")[0][0]
    ran = query("SELECT count(*) FROM fire WHERE outcome = 'ran' AND workflow <> 'slowImport'")[0][0]

    print(f"mode: {args.mode}, {count} node(s), {args.workflows} workflows every minute, {args.rounds} rounds")
    print(f"fires measured: {len(claim)} (expected {args.workflows * len(minutes)})")
    print("claim lateness ms: p50 %.1f  p99 %.1f  max %.1f" % (percentile(claim, 50), percentile(claim, 99), max(claim or [float('nan')])))
    print("run start lateness ms: p50 %.1f  p99 %.1f  max %.1f" % (percentile(start_late, 50), percentile(start_late, 99), max(start_late or [float('nan')])))
    print(f"double fires: {doubles}; lost fires: {lost}; runs {runs}, fires that ran {ran}")
    print("idle CPU between fires, % of a core per node: " + ", ".join("%.2f" % value for value in idle))
    if args.mode == "cluster":
        print("kill -9 to takeover: " + ("%.2f s" % takeover if takeover is not None else "not measured"))
        subprocess.run(["psql", args.postgres, "-qc", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"])


if __name__ == "__main__":
    main()
