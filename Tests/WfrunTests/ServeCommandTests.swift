import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `wfrun serve` as a subprocess, on a SQLite store, with the scheduler's clock set by
/// `WFRUN_TEST_NOW` (a test hook: the process believes it starts at that instant and time runs
/// from there), so "every day at 07:30 in Paris" fires two seconds after the start instead of
/// tomorrow. The schedule is computed from that instant, not from the test's wall clock, so the
/// exact scheduled instants can be asserted.
@Suite("wfrun serve", .ownThread, .serialized)
struct ServeCommandTests {
    /// A served folder: `Workflows/import.xml` (importing `count` visitors from a JSON Lines
    /// file), with `scheduler` as its entry point (or a plain start when nil).
    struct Served {
        let root: URL
        let folder: String
        let database: String
        let workflow = "importVisitors"

        init(in root: URL, count: Int, scheduler: String?) throws {
            self.root = root
            let workflows = root.appendingPathComponent("Workflows")
            try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
            let path = try ImportFixture.write(in: workflows, count: count)
            if let scheduler {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                    .replacingOccurrences(of: #"<start name="begin"><next to="read"/></start>"#, with: scheduler)
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            }
            folder = workflows.path
            database = root.appendingPathComponent("serve.sqlite").path
        }

        var store: [String] { ["--workflows", folder, "--db", database] }

        func wfrun(_ arguments: [String], now: String? = nil) throws -> ProcessOutcome {
            try WfrunProcess.run(arguments + store, environment: now.map { ["WFRUN_TEST_NOW": $0] } ?? [:])
        }

        /// Starts `wfrun serve` with JSON event lines written to `name`.log.
        func serve(now: String?, log name: String = "serve") throws -> (SpawnedWfrun, String) {
            let log = root.appendingPathComponent("\(name).log").path
            let server = try SpawnedWfrun(
                ["serve", "--listen", "127.0.0.1:0", "--log-format", "json"] + store,
                standardOutput: .file(log), standardError: .file(log + ".err"),
                environment: now.map { ["WFRUN_TEST_NOW": $0] } ?? [:])
            return (server, log)
        }
    }

    /// The JSON event lines of a server log.
    static func events(_ log: String) -> [[String: String]] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: String]
        }
    }

    static func waitForEvent(_ log: String, _ name: String, seconds: Double = 60, count: Int = 1) throws -> [[String: String]] {
        try waitUntil(seconds: seconds, "the server logs \(count) '\(name)' event(s) in \(log)") {
            events(log).filter { $0["event"] == name }.count >= count
        }
        return events(log).filter { $0["event"] == name }
    }

    static let daily = #"<scheduler name="schedule" timezone="Europe/Paris"><daily time="07:30"/><next to="read"/></scheduler>"#

    @Test("a started workflow fires at its instant, runs, and status shows the next three fires across the DST change")
    func firesOnSchedule() throws {
        try withTemporaryFolder { root in
            let served = try Served(in: root, count: 50, scheduler: Self.daily)
            let start = try served.wfrun(["start", served.workflow], now: "2027-03-25T07:00:00+01:00")
            #expect(start.exitCode == 0, "\(start)")
            #expect(start.stdout == "started importVisitors\nno server runs on this store yet: `wfrun serve` fires them\n")

            let (server, log) = try served.serve(now: "2027-03-25T07:29:58+01:00")
            let succeeded = try Self.waitForEvent(log, "succeeded")
            let fired = Self.events(log).filter { $0["event"] == "fired" }
            #expect(fired.count == 1)
            #expect(fired.first?["workflow"] == "importVisitors")
            #expect(fired.first?["scheduled"] == "2027-03-25T06:30:00Z")
            #expect(succeeded.first?["run"] == "1")
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT workflow, reason, scheduled_at, outcome, run, missed FROM fire")
                == "importVisitors|schedule|2027-03-25T06:30:00Z|ran|1|0")
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT count(*) FROM visitor") == "50")

            let status = try served.wfrun(["status", served.workflow, "--json"], now: "2027-03-25T07:31:00+01:00")
            #expect(status.exitCode == 0, "\(status)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            let workflow = try #require((report["workflows"] as? [[String: Any]])?.first)
            #expect(workflow["state"] as? String == "started")
            #expect(workflow["schedule"] as? String == "every day at 07:30 (Europe/Paris)")
            let next = (workflow["next"] as? [[String: String]]) ?? []
            #expect(next.map { $0["local"] ?? "" } == ["2027-03-26T07:30:00+01:00", "2027-03-27T07:30:00+01:00", "2027-03-28T07:30:00+02:00"])
            #expect(next.map { $0["utc"] ?? "" } == ["2027-03-26T06:30:00Z", "2027-03-27T06:30:00Z", "2027-03-28T05:30:00Z"])
            #expect((workflow["lastRun"] as? [String: Any])?["status"] as? String == "succeeded")
            #expect((report["nodes"] as? [[String: Any]])?.count == 1)

            let history = try WfrunProcess.run(["history", "--db", served.database])
            #expect(history.stdout.split(separator: "\n").first?.hasSuffix("duration  fired by        error") == true, "\(history)")
            #expect(history.stdout.contains("  schedule +"), "\(history)")
            let detail = try WfrunProcess.run(["history", "1", "--db", served.database])
            #expect(detail.stdout.contains("fired by the schedule's 2027-03-25T06:30:00Z, "), "\(detail)")

            server.send(SIGTERM)
            let ending = server.wait(timeout: 40)
            #expect(ending.exitCode == 0 && ending.terminatingSignal == nil, "\(ending)")
            #expect(Self.events(log).last?["event"] == "stopped")
        }
    }

    @Test("trigger runs a workflow through the server, started or not; without a server, trigger says so")
    func triggerAndStop() throws {
        try withTemporaryFolder { root in
            let served = try Served(in: root, count: 20, scheduler: Self.daily)
            let alone = try served.wfrun(["trigger", served.workflow])
            #expect(alone.exitCode == 1)
            #expect(alone.stderr.contains("wfrun: no server runs on this store, so nothing was queued; run it now with `wfrun run \(served.folder)/import.xml`"))

            let (server, log) = try served.serve(now: "2027-03-25T07:29:58+01:00")
            _ = try Self.waitForEvent(log, "loaded")
            try waitUntil("the server registered") { try served.wfrun(["status", "--nodes"]).stdout.contains("servers:") }
            let trigger = try served.wfrun(["trigger", served.workflow])
            #expect(trigger.exitCode == 0, "\(trigger)")
            #expect(trigger.stdout == "queued importVisitors (fire 1); `wfrun status importVisitors` shows its run\n")
            _ = try Self.waitForEvent(log, "succeeded")
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT reason, outcome, run FROM fire") == "trigger|ran|1")

            let stop = try served.wfrun(["stop", served.workflow])
            #expect(stop.exitCode == 0)
            #expect(stop.stdout == "stopped importVisitors\n")
            let unknown = try served.wfrun(["start", "importVisitor"])
            #expect(unknown.exitCode == 2)
            #expect(unknown.stderr.hasPrefix("wfrun: no workflow named 'importVisitor' in \(served.folder); did you mean 'importVisitors'?"))
            server.send(SIGTERM)
            #expect(server.wait(timeout: 40).exitCode == 0)
        }
    }

    @Test("a second server on the same SQLite file is refused, naming the process that serves it")
    func oneServerPerFile() throws {
        try withTemporaryFolder { root in
            let served = try Served(in: root, count: 1, scheduler: nil)
            let (server, log) = try served.serve(now: nil)
            _ = try Self.waitForEvent(log, "serving")
            let second = try WfrunProcess.run(["serve", "--listen", "127.0.0.1:0"] + served.store, timeout: 30)
            #expect(second.exitCode == 3, "\(second)")
            #expect(second.stderr.contains("wfrun: \(served.database) is already served by process \(server.pid) on "))
            #expect(second.stderr.contains("one server per SQLite file"))
            server.send(SIGTERM)
            #expect(server.wait(timeout: 40).exitCode == 0)
        }
    }

    @Test("fires missed while no server ran: runOnce runs once for all of them, skip records them missed, a stopped workflow never fires")
    func missedFires() throws {
        try withTemporaryFolder { root in
            let served = try Served(in: root, count: 5, scheduler: Self.daily)
            let skipping = try String(contentsOfFile: served.folder + "/import.xml", encoding: .utf8)
                .replacingOccurrences(of: #"name="importVisitors""#, with: #"name="skipping""#)
                .replacingOccurrences(of: #"timezone="Europe/Paris""#, with: #"timezone="Europe/Paris" missedRuns="skip""#)
            try skipping.write(toFile: served.folder + "/skipping.xml", atomically: true, encoding: .utf8)
            let never = skipping.replacingOccurrences(of: #"name="skipping""#, with: #"name="neverStarted""#)
            try never.write(toFile: served.folder + "/never.xml", atomically: true, encoding: .utf8)
            #expect(try served.wfrun(["start", "importVisitors", "skipping"]).exitCode == 0)
            // Started on 20 March; the server comes up on 25 March at 09:00, 90 minutes after
            // that day's fire: five fires (21st to 25th) were missed.
            _ = try StoreUpgradeTests.sqlite3(served.database, "UPDATE workflow_control SET changed_at = '2027-03-20T12:00:00Z'")
            let (server, log) = try served.serve(now: "2027-03-25T09:00:00+01:00")
            _ = try Self.waitForEvent(log, "succeeded")
            _ = try Self.waitForEvent(log, "missed")
            #expect(try StoreUpgradeTests.sqlite3(
                served.database, "SELECT workflow, scheduled_at, outcome, missed, coalesce(run, '-') FROM fire ORDER BY workflow")
                == "importVisitors|2027-03-25T06:30:00Z|ran|4|1\nskipping|2027-03-25T06:30:00Z|missed|4|-")
            server.send(SIGTERM)
            #expect(server.wait(timeout: 40).exitCode == 0)
        }
    }

    @Test("SIGTERM during a run: the server exits 0, the run is interrupted, and the next start resumes it to the exact rows")
    func stopAndResume() throws {
        try withTemporaryFolder { root in
            let served = try Served(in: root, count: 300_000, scheduler: nil)
            #expect(try served.wfrun(["start", served.workflow]).exitCode == 0)
            let (server, log) = try served.serve(now: nil)
            try waitUntil("the server registered") { try served.wfrun(["status", "--nodes"]).stdout.contains("servers:") }
            #expect(try served.wfrun(["trigger", served.workflow]).exitCode == 0)
            _ = try Self.waitForEvent(log, "started")
            try waitUntil("some rows are committed") {
                (Int((try? StoreUpgradeTests.sqlite3(served.database, "SELECT count(*) FROM visitor")) ?? "0") ?? 0) > 0
            }
            server.send(SIGTERM)
            let ending = server.wait(timeout: 40)
            #expect(ending.exitCode == 0, "\(ending)")
            #expect(Self.events(log).contains { $0["event"] == "interrupted" })
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT status FROM run") == "interrupted")
            let committed = Int(try StoreUpgradeTests.sqlite3(served.database, "SELECT count(*) FROM visitor")) ?? 0
            #expect(committed < 300_000, "the run had finished before SIGTERM; the test proves nothing")

            let (again, log2) = try served.serve(now: nil, log: "serve2")
            let resumed = try Self.waitForEvent(log2, "resumed")
            #expect(resumed.first?["run"] == "1")
            _ = try Self.waitForEvent(log2, "succeeded", seconds: 120)
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT count(*), count(DISTINCT external_id) FROM visitor") == "300000|300000")
            again.send(SIGTERM)
            #expect(again.wait(timeout: 40).exitCode == 0)
        }
    }

    @Test("a failed run waits for a person: later fires are skipped, and trigger resumes it from the failed activity")
    func failedRunWaitsForAPerson() throws {
        try withTemporaryFolder { root in
            let served = try Served(in: root, count: 30, scheduler: #"<scheduler name="schedule"><every minutes="1"/><next to="read"/></scheduler>"#)
            let data = served.folder + "/visitors.jsonl"
            try FileManager.default.moveItem(atPath: data, toPath: data + ".later")
            let clock = ["WFRUN_TEST_NOW": "2027-03-25T07:29:50Z", "WFRUN_TEST_SPEED": "30"]
            #expect(try WfrunProcess.run(["start", served.workflow] + served.store, environment: clock).exitCode == 0)
            let log = root.appendingPathComponent("serve.log").path
            let server = try SpawnedWfrun(
                ["serve", "--listen", "127.0.0.1:0", "--log-format", "json"] + served.store,
                standardOutput: .file(log), standardError: .file(log + ".err"), environment: clock)
            let failed = try Self.waitForEvent(log, "failed")
            #expect(failed.first?["run"] == "1")
            // The next minutes find run 1 failed: skipped, not run again, not started afresh.
            _ = try Self.waitForEvent(log, "skipped", count: 2)
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT DISTINCT outcome, run FROM fire WHERE outcome <> 'ran'")
                == "skipped: failed run|1")
            try FileManager.default.moveItem(atPath: data + ".later", toPath: data)
            #expect(try served.wfrun(["trigger", served.workflow]).exitCode == 0)
            let resumed = try Self.waitForEvent(log, "resumed")
            #expect(resumed.first?["run"] == "1")
            let succeeded = try Self.waitForEvent(log, "succeeded")
            #expect(succeeded.first?["run"] == "1")
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT outcome, run FROM fire WHERE reason = 'trigger'") == "ran|1")
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT count(*) FROM visitor") == "30")
            server.send(SIGTERM)
            #expect(server.wait(timeout: 40).exitCode == 0)
        }
    }
}
