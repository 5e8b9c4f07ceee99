import Foundation
import Testing

/// A run has one owner: a second `wfrun run` of a workflow whose run is live in another process
/// (on SQLite and on PostgreSQL) neither resumes nor overlaps it, with or without --restart; it
/// exits 3 naming the run and its process, or waits with --wait; once the owner is gone (kill
/// -9), the next run resumes it at once.
@Suite(.ownThread, .serialized) struct RunOwnershipTests {
    /// A run that holds its workflow for ten minutes unless stopped.
    static func workflow(named name: String) -> String {
        """
        <workflow xmlns="urn:wfrun:workflow:1" name="\(name)">
          <start name="begin"><next to="hold"/></start>
          <wait name="hold" duration="10m"><next to="done"/></wait>
          <end name="done"/>
        </workflow>
        """
    }

    struct RunRow: Decodable {
        struct Owner: Decodable { var host: String; var pid: Int32 }
        var id: Int
        var status: String
        var error: String?
        var owner: Owner?
    }

    static func runs(_ name: String, db: String) throws -> [RunRow] {
        let history = try WfrunProcess.run(["history", name, "--db", db, "--json"])
        guard history.exitCode == 0 else { throw ProcessLaunchError(description: "\(history)") }
        return try JSONDecoder().decode([RunRow].self, from: Data(history.standardOutput))
    }

    static var stores: [String] {
        ["sqlite"] + (TestPostgres.url.map { _ in ["postgres"] } ?? [])
    }

    static func database(_ kind: String, in folder: URL) -> String {
        kind == "postgres" ? TestPostgres.url! : folder.appendingPathComponent("owned.sqlite").path
    }

    @Test(arguments: stores)
    func aLiveRunIsNeitherResumedNorOverlappedAndADeadOwnersRunIsResumed(store: String) throws {
        try withTemporaryFolder { folder in
            let name = "hold_" + UUID().uuidString.prefix(8).lowercased()
            let file = folder.appendingPathComponent("hold.xml").path
            try Self.workflow(named: name).write(toFile: file, atomically: true, encoding: .utf8)
            let db = Self.database(store, in: folder)

            let first = BackgroundWfrun(["run", file, "--db", db])
            var live: RunRow?
            try waitUntil("the first run holds \(name)") {
                live = try Self.runs(name, db: db).first { $0.status == "running" }
                return live != nil
            }
            let run = try #require(live)
            let owner = try #require(run.owner)

            for extra in [[], ["--restart"]] {
                let second = try WfrunProcess.run(["run", file, "--db", db] + extra)
                #expect(second.exitCode == 3, "\(second)")
                #expect(second.stderr.contains("wfrun: run \(run.id) of \(name) is in progress in process \(owner.pid) on \(owner.host)"), "\(second)")
                #expect(second.stderr.contains("nothing was run"), "\(second)")
            }
            // Waiting is bounded: the owner lives on, so --wait 1s gives up with the same answer.
            let patient = try WfrunProcess.run(["run", file, "--db", db, "--wait", "1s"])
            #expect(patient.exitCode == 3, "\(patient)")
            #expect(patient.wallSeconds >= 1, "\(patient)")
            #expect(try Self.runs(name, db: db).map(\.id) == [run.id])

            // A waiting run takes the workflow over as soon as the owner is gone: kill -9.
            let waiting = BackgroundWfrun(["run", file, "--db", db, "--wait", "60s"])
            kill(owner.pid, SIGKILL)
            let killed = try first.outcome()
            #expect(killed.terminatingSignal == SIGKILL, "\(killed)")
            var resumedBy: RunRow.Owner?
            try waitUntil("the waiting run resumes run \(run.id)") {
                let row = try Self.runs(name, db: db).first { $0.id == run.id }
                if let next = row?.owner, next.pid != owner.pid, row?.status == "running" { resumedBy = next }
                return resumedBy != nil
            }
            #expect(try Self.runs(name, db: db).map(\.id) == [run.id])
            kill(resumedBy!.pid, SIGTERM)
            let stopped = try waiting.outcome()
            #expect(stopped.exitCode == 143, "\(stopped)")
            #expect(stopped.stderr.contains("resuming run \(run.id) of \(name)"), "\(stopped)")
            let final = try #require(try Self.runs(name, db: db).first)
            #expect(final.id == run.id)
            #expect(final.status == "interrupted")
        }
    }

    /// Processes started at the same instant on one store: one run, held by one of them; every
    /// other exits 3 at once.
    @Test(arguments: stores)
    func simultaneousStartsMakeOneRun(store: String) throws {
        try withTemporaryFolder { folder in
            let name = "race_" + UUID().uuidString.prefix(8).lowercased()
            let file = folder.appendingPathComponent("race.xml").path
            try Self.workflow(named: name).write(toFile: file, atomically: true, encoding: .utf8)
            let db = Self.database(store, in: folder)
            let processes = (0..<4).map { _ in BackgroundWfrun(["run", file, "--db", db]) }
            var holder: Int32?
            try waitUntil("one process holds \(name)") {
                holder = try Self.runs(name, db: db).first { $0.status == "running" }?.owner?.pid
                return holder.map { kill($0, 0) == 0 } ?? false
            }
            // The three others end by themselves; then the holder is stopped.
            try waitUntil("three processes have exited") { Self.exitedCount(processes) >= 3 }
            kill(holder!, SIGTERM)
            let outcomes = try processes.map { try $0.outcome() }
            #expect(outcomes.filter { $0.exitCode == 3 }.count == 3, "\(outcomes)")
            #expect(outcomes.filter { $0.exitCode == 143 }.count == 1, "\(outcomes)")
            let runs = try Self.runs(name, db: db)
            #expect(runs.count == 1)
            #expect(runs.first?.status == "interrupted")
        }
    }

    static func exitedCount(_ processes: [BackgroundWfrun]) -> Int {
        processes.filter(\.hasExited).count
    }

    /// A heartbeat renews the lease: a run that lives longer than its lease is still its owner's.
    @Test func aRunOutlivingItsLeaseIsStillOwned() throws {
        try withTemporaryFolder { folder in
            let name = "hold_" + UUID().uuidString.prefix(8).lowercased()
            let file = folder.appendingPathComponent("hold.xml").path
            try Self.workflow(named: name).write(toFile: file, atomically: true, encoding: .utf8)
            let db = folder.appendingPathComponent("lease.sqlite").path
            let first = BackgroundWfrun(["run", file, "--db", db], environment: ["WFRUN_LEASE_SECONDS": "1"])
            var leases: Set<String> = []
            var pid: Int32 = 0
            // Three different lease ends seen: the lease was renewed at least twice, so the run
            // has lived past its first 1 s lease.
            try waitUntil("the lease is renewed twice") {
                let detail = try WfrunProcess.run(["history", "1", "--db", db])
                if let line = detail.stdout.split(separator: "\n").first(where: { $0.hasPrefix("held by") }) {
                    leases.insert(String(line))
                }
                pid = (try Self.runs(name, db: db).first?.owner?.pid) ?? 0
                return leases.count >= 3
            }
            let second = try WfrunProcess.run(["run", file, "--db", db])
            #expect(second.exitCode == 3, "\(second)")
            kill(pid, SIGTERM)
            #expect(try first.outcome().exitCode == 143)
        }
    }

    /// Runs `wfrun ARGUMENTS` until it holds a run of `name`, then stops it with SIGTERM. (A run
    /// marked running whose process is gone is not held.)
    static func runUntilHeld(_ arguments: [String], name: String, db: String) throws -> ProcessOutcome {
        let process = BackgroundWfrun(arguments)
        var pid: Int32?
        try waitUntil("a run of \(name) is held") {
            pid = try runs(name, db: db).first { $0.status == "running" }?.owner?.pid
            return pid.map { kill($0, 0) == 0 } ?? false
        }
        kill(pid!, SIGTERM)
        return try process.outcome()
    }

    /// A resumed run keeps the parameters it started with; other values are refused.
    @Test func aResumeWithOtherParametersIsRefused() throws {
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("params.xml").path
            try """
                <workflow xmlns="urn:wfrun:workflow:1" name="params">
                  <parameter name="folder" type="string" default="Visitors"/>
                  <start name="begin"><next to="hold"/></start>
                  <wait name="hold" duration="10m"><next to="done"/></wait>
                  <end name="done"/>
                </workflow>
                """.write(toFile: file, atomically: true, encoding: .utf8)
            let db = folder.appendingPathComponent("params.sqlite").path
            let stopped = try Self.runUntilHeld(["run", file, "--db", db, "--param", "folder=A"], name: "params", db: db)
            #expect(stopped.exitCode == 143, "\(stopped)")
            let other = try WfrunProcess.run(["run", file, "--db", db, "--param", "folder=B"])
            #expect(other.exitCode == 2, "\(other)")
            #expect(other.stderr.contains(
                "wfrun: run 1 of params is unfinished and was started with --param folder=A, not --param folder=B: resume it with the same values (or with no --param: it keeps its own), or start afresh with --restart: nothing was run"),
                "\(other)")
            let kept = try Self.runUntilHeld(["run", file, "--db", db], name: "params", db: db)
            #expect(kept.exitCode == 143, "\(kept)")
            #expect(kept.stderr.contains("resuming run 1 of params with --param folder=A"), "\(kept)")
            let restarted = try Self.runUntilHeld(["run", file, "--db", db, "--param", "folder=B", "--restart"], name: "params", db: db)
            #expect(restarted.exitCode == 143, "\(restarted)")
            #expect(try Self.runs("params", db: db).map(\.id) == [2, 1])
        }
    }
}
