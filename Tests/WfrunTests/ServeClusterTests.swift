import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Three `wfrun serve` nodes on one PostgreSQL database, 21 workflows due every minute on a test
/// clock running 30 times faster than real time (`WFRUN_TEST_NOW`, `WFRUN_TEST_EPOCH`,
/// `WFRUN_TEST_SPEED`: a minute every 2 s, one timeline for all nodes), and the node running the
/// long sync killed with -9 in the middle of it. Every scheduled instant is fired once, every run
/// of a fire is one run, no workflow ever runs twice at once, and the killed node's run is
/// finished by another node from its checkpoint, to the exact rows.
@Suite(
    "wfrun serve on a PostgreSQL cluster",
    .ownThread,
    .serialized,
    .enabled(if: TestPostgres.url != nil && ChildProcess.which("psql") != nil, "needs WFRUN_TEST_POSTGRES_URL and psql"))
struct ServeClusterTests {
    static let smallCount = 20
    static let bigCount = 60_000

    static func workflow(_ name: String, file: String) -> String {
        """
        <workflow xmlns="urn:wfrun:workflow:1" name="\(name)">
          <scheduler name="schedule"><every minutes="1"/><next to="read"/></scheduler>
          <fetch name="read" connector="file" resource="records" path="\(file)"><next to="shape"/></fetch>
          <map name="shape">
            <field name="origin" value="'Twitter'"/>
            <field name="external_id" value="id"/>
            <field name="username" value="username"/>
            <field name="full_name" value="name"/>
            <next to="save"/>
          </map>
          <upsert name="save" schema="visitor" key="origin external_id"><next to="done"/></upsert>
          <end name="done"/>
        </workflow>
        """
    }

    static func records(prefix: String, count: Int) -> String {
        var text = ""
        text.reserveCapacity(count * 60)
        for index in 0..<count {
            text += #"{"id":"\#(prefix)-\#(index)","username":"u\#(index)","name":"V \#(index)"}"# + "\n"
        }
        return text
    }

    @Test("every fire once, no overlap, a killed node's run taken over from its checkpoint")
    func cluster() throws {
        let server = TestPostgres.url!
        let name = "wfrun_cluster_\(UUID().uuidString.prefix(8).lowercased())"
        guard let slash = server.lastIndex(of: "/") else { throw ProcessLaunchError(description: "no database in \(server)") }
        let database = server[..<slash] + "/" + name
        try StopGraceTests.psql(server, "CREATE DATABASE \(name)")
        defer { _ = try? StopGraceTests.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        func sql(_ text: String) throws -> String { try StopGraceTests.psql(String(database), text) }

        try withTemporaryFolder { root in
            let folder = root.appendingPathComponent("Workflows")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var names: [String] = []
            for index in 0..<20 {
                let name = String(format: "tick%02d", index)
                names.append(name)
                try Self.workflow(name, file: "\(name).jsonl").write(to: folder.appendingPathComponent("\(name).xml"), atomically: true, encoding: .utf8)
                try Self.records(prefix: name, count: Self.smallCount).write(to: folder.appendingPathComponent("\(name).jsonl"), atomically: true, encoding: .utf8)
            }
            names.append("bigSync")
            try Self.workflow("bigSync", file: "big.jsonl").write(to: folder.appendingPathComponent("big.xml"), atomically: true, encoding: .utf8)
            try Self.records(prefix: "big", count: Self.bigCount).write(to: folder.appendingPathComponent("big.jsonl"), atomically: true, encoding: .utf8)

            // One timeline for every process: 07:29:50 holds 3 s from now, and runs 30 times faster.
            let epoch = Date().timeIntervalSince1970 + 3
            let clock = [
                "WFRUN_TEST_NOW": "2027-03-25T07:29:50Z", "WFRUN_TEST_EPOCH": String(format: "%.3f", epoch),
                "WFRUN_TEST_SPEED": "30", "WFRUN_LEASE_SECONDS": "3",
            ]
            let store = ["--workflows", folder.path, "--db", String(database)]
            let start = try WfrunProcess.run(["start"] + names + store, environment: clock)
            #expect(start.exitCode == 0, "\(start)")

            var nodes: [(SpawnedWfrun, String)] = []
            for index in 0..<3 {
                let log = root.appendingPathComponent("node\(index).log").path
                let node = try SpawnedWfrun(
                    ["serve", "--listen", "127.0.0.1:0", "--log-format", "json", "--max-runs", "8", "--batch-size", "100"] + store,
                    standardOutput: .file(log), standardError: .file(log + ".err"), environment: clock)
                nodes.append((node, log))
            }

            // The node that runs the long sync is killed once part of it is committed.
            var holder = ""
            try waitUntil(seconds: 90, "bigSync runs and has committed rows") {
                holder = (try? sql("SELECT owner FROM run WHERE workflow = 'bigSync' AND status = 'running'")) ?? ""
                let rows = Int((try? sql("SELECT count(*) FROM visitor WHERE external_id LIKE 'big-%'")) ?? "0") ?? 0
                return !holder.isEmpty && rows >= 2_000
            }
            let pid = Int32(holder.split(separator: "/")[1])!
            let killed = try #require(nodes.firstIndex { $0.0.pid == pid }, "the sync runs on \(holder), not on one of the nodes")
            kill(pid, SIGKILL)
            _ = nodes[killed].0.wait(timeout: 10)
            let runID = try sql("SELECT id FROM run WHERE workflow = 'bigSync' ORDER BY id LIMIT 1")

            try waitUntil(seconds: 120, "another node finishes the sync") {
                (try? sql("SELECT status FROM run WHERE id = \(runID)")) == "succeeded"
            }
            // Let the minutes go on until every small workflow fired at least six times.
            try waitUntil(seconds: 90, "six fires of each workflow") {
                (try? sql("SELECT min(n) FROM (SELECT count(*) AS n FROM fire WHERE workflow LIKE 'tick%' GROUP BY workflow) AS f")).flatMap { Int($0) } ?? 0 >= 6
            }
            // Stopped, the workflows fire no more; the runs going on finish; then the nodes stop.
            #expect(try WfrunProcess.run(["stop"] + names + store, environment: clock).exitCode == 0)
            try waitUntil(seconds: 60, "no run is going on") { (try? sql("SELECT count(*) FROM run WHERE status = 'running'")) == "0" }
            for (index, node) in nodes.enumerated() where index != killed {
                node.0.send(SIGTERM)
                let ending = node.0.wait(timeout: 40)
                #expect(ending.exitCode == 0 && ending.terminatingSignal == nil, "node \(index): \(ending)")
            }

            // The killed node's run was finished by another node, from its checkpoint, exactly.
            let finalOwner = try sql("SELECT owner FROM run WHERE id = \(runID)")
            #expect(!finalOwner.contains("/\(pid)/"), "run \(runID) still names the killed node: \(finalOwner)")
            #expect(try sql("SELECT count(*), count(DISTINCT external_id) FROM visitor WHERE external_id LIKE 'big-%'") == "\(Self.bigCount)|\(Self.bigCount)")
            for name in names where name != "bigSync" {
                #expect(try sql("SELECT count(*) FROM visitor WHERE external_id LIKE '\(name)-%'") == "\(Self.smallCount)")
            }
            // Every scheduled minute of each workflow, from its first fire on, is one fire row or
            // counted as missed in one (the first fire may also stand for minutes before it, when
            // a node's first tick came late).
            let gaps = try sql("""
                SELECT workflow FROM fire AS f WHERE reason = 'schedule' GROUP BY workflow
                HAVING EXTRACT(EPOCH FROM max(scheduled_at) - min(scheduled_at)) / 60 + 1 <> count(*) + sum(missed)
                  - (SELECT missed FROM fire AS g WHERE g.workflow = f.workflow AND g.reason = 'schedule' ORDER BY scheduled_at LIMIT 1)
                """)
            let rows = gaps.isEmpty ? "" : try sql("""
                SELECT workflow, scheduled_at, fired_at, node, outcome, missed FROM fire
                WHERE workflow IN ('\(gaps.split(separator: "\n").joined(separator: "', '"))') ORDER BY workflow, scheduled_at
                """)
            #expect(gaps == "", "workflows whose fires skip or repeat a minute: \(gaps)\n\(rows)")
            let events = nodes.map { (try? String(contentsOfFile: $0.1, encoding: .utf8)) ?? "" }.joined()
                .split(separator: "\n").filter { !$0.contains("\"loaded\"") && !$0.contains("\"fired\"") && !$0.contains("\"started\"") && !$0.contains("\"succeeded\"") }
            let claimed = try sql("SELECT * FROM fire WHERE outcome = 'claimed'")
            let unfinished = try sql("SELECT id, workflow, status, owner, error FROM run WHERE status <> 'succeeded'")
            #expect(claimed == "", "\(claimed)\n\(unfinished)\n\(events.joined(separator: "\n"))")
            // Each fire that ran names a run, and each run was started by one fire. A run named by
            // more than one fire was resumed by the later ones: the killed node's run, when a fire
            // came to it before another node's takeover check did (both come every 2 s), which
            // logs it as "resumed".
            let resumed = Set(nodes.flatMap { ServeCommandTests.events($0.1) }.filter { $0["event"] == "resumed" }.compactMap { $0["run"] })
            let sharedRuns = try sql("SELECT run FROM fire WHERE outcome = 'ran' GROUP BY run HAVING count(*) > 1 ORDER BY run")
            let notResumed = sharedRuns.split(separator: "\n").map(String.init).filter { !resumed.contains($0) }
            #expect(notResumed.isEmpty, "runs that more than one fire started: \(notResumed); resumed: \(resumed.sorted())")
            let unfired = try sql("""
                SELECT r.id, r.workflow, r.status, r.owner, f.id, f.outcome FROM run r LEFT JOIN fire f ON f.run = r.id
                WHERE r.workflow LIKE 'tick%' AND (f.id IS NULL OR f.outcome <> 'ran')
                """)
            #expect(try sql("SELECT count(*) FROM run WHERE workflow LIKE 'tick%'") == sql("SELECT count(DISTINCT run) FROM fire WHERE workflow LIKE 'tick%' AND outcome = 'ran'"),
                "runs without the fire that ran them:\n\(unfired)\n\(events.joined(separator: "\n"))")
            #expect(try sql("SELECT count(*) FROM run WHERE status <> 'succeeded' AND workflow LIKE 'tick%'") == "0", "\(unfinished)\n\(events.joined(separator: "\n"))")
            // Never two runs of one workflow at once.
            let overlapping = try sql("""
                SELECT count(*) FROM run a JOIN run b ON a.workflow = b.workflow AND a.id < b.id
                WHERE b.started_at < coalesce(a.ended_at, 'infinity')
                """)
            #expect(overlapping == "0")
            // The sync took longer than a minute of the test clock: its later fires were skipped, not run beside it.
            #expect(Int(try sql("SELECT count(*) FROM fire WHERE workflow = 'bigSync' AND outcome = 'skipped: overlap'")) ?? 0 >= 1)
        }
    }
}
