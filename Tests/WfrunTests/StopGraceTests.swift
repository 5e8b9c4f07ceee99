import Foundation
import TestPostgresSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL server of the tests: WFRUN_TEST_POSTGRES_URL's, or a private one (`PostgresForTests`).
enum TestPostgres {
    static var url: String? { PostgresForTests.url }
    /// Why there is none, for a skipped test.
    static var absence: Comment { Comment(rawValue: PostgresForTests.absence) }
}

/// SIGTERM and SIGINT end `wfrun run` within a bound even when the run cannot react to
/// cancellation: here its upsert waits on a PostgreSQL table lock that the test holds. After
/// the grace period (`WFRUN_STOP_GRACE_SECONDS`) it says so and exits 143; a second signal
/// exits at once.
@Suite(
    "stopping a run that does not react",
    .ownThread,
    .serialized,
    .enabled(if: TestPostgres.url != nil && ChildProcess.which("psql") != nil, "needs WFRUN_TEST_POSTGRES_URL and psql"))
struct StopGraceTests {
    static var postgresURL: String? { TestPostgres.url }

    /// Runs `psql URL -tAc SQL` and returns its output without the final newline.
    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let outcome = try ChildProcess.run(ChildProcess.which("psql")!, [url, "-v", "ON_ERROR_STOP=1", "-tAc", sql], timeout: 30)
        guard outcome.exitCode == 0 else { throw ProcessLaunchError(description: "psql failed:\n\(outcome)") }
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A database of its own (the shared test database's tables stay unlocked for other tests),
    /// holding the imported visitors, with the visitor table locked by an open transaction while
    /// `body` runs.
    static func withLockedVisitorTable(_ body: (_ database: String, _ workflow: String, _ folder: URL) throws -> Void) throws {
        let server = postgresURL!
        let name = "wfrun_stopgrace_\(UUID().uuidString.prefix(8).lowercased())"
        guard let slash = server.lastIndex(of: "/") else { throw ProcessLaunchError(description: "no database in \(server)") }
        let database = server[..<slash] + "/" + name
        try psql(server, "CREATE DATABASE \(name)")
        defer { _ = try? psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        try withTemporaryFolder { folder in
            let workflow = try ImportFixture.write(in: folder, count: 2_000)
            let first = try WfrunProcess.run(["run", workflow, "--db", database])
            guard first.exitCode == 0 else { throw ProcessLaunchError(description: "the first import failed:\n\(first)") }

            // The lock holder: psql reading its statements from a pipe we keep open.
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: ChildProcess.which("psql")!)
            holder.arguments = [database, "-tA", "-v", "ON_ERROR_STOP=1"]
            let input = Pipe()
            let output = Pipe()
            holder.standardInput = input
            holder.standardOutput = output
            try holder.run()
            defer {
                try? input.fileHandleForWriting.write(contentsOf: Data("ROLLBACK;\n\\q\n".utf8))
                try? input.fileHandleForWriting.close()
                holder.waitUntilExit()
            }
            try input.fileHandleForWriting.write(contentsOf: Data("BEGIN; LOCK TABLE visitor IN ACCESS EXCLUSIVE MODE; SELECT 'locked';\n".utf8))
            var answer = Data()
            while !String(decoding: answer, as: UTF8.self).contains("locked") {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { throw ProcessLaunchError(description: "psql ended before taking the lock") }
                answer += chunk
            }
            try body(database, workflow, folder)
        }
    }

    /// Waits until a session of `database` waits on a lock (wfrun's upsert behind ours).
    static func waitForLockWaiter(server: String, database: String, run: SpawnedWfrun) throws -> Bool {
        let name = String(database[database.index(after: database.lastIndex(of: "/")!)...])
        let query = "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(name)' AND wait_event_type = 'Lock'"
        return run.wait(until: { ((try? psql(server, query)) ?? "0") != "0" }, timeout: 60)
    }

    @Test("SIGTERM while an upsert waits on a lock: after the grace period, one message and exit 143")
    func theGracePeriodEndsAStuckRun() throws {
        try Self.withLockedVisitorTable { database, workflow, folder in
            let errors = folder.appendingPathComponent("stderr").path
            let run = try SpawnedWfrun(
                ["run", workflow, "--restart", "--db", database], standardOutput: .file(folder.appendingPathComponent("stdout").path),
                standardError: .file(errors), environment: ["WFRUN_STOP_GRACE_SECONDS": "1"])
            #expect(try Self.waitForLockWaiter(server: Self.postgresURL!, database: database, run: run), "wfrun never waited on the lock")
            run.send(SIGTERM)
            let ending = run.wait(timeout: 30)
            let text = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            #expect(ending.exitCode == 143 && !ending.timedOut, "\(ending)\n\(text)")
            #expect(text.contains("wfrun: stopping at the next batch boundary (SIGTERM); run again to resume\n"), "\(text)")
            #expect(text.hasSuffix(
                "wfrun: the run did not stop within 1 s of SIGTERM (a call that cannot be interrupted is still running); exiting now; run again to resume\n"),
                "\(text)")
        }
    }

    @Test("a second SIGTERM exits at once, whatever the grace period")
    func aSecondSignalExitsAtOnce() throws {
        try Self.withLockedVisitorTable { database, workflow, folder in
            let errors = folder.appendingPathComponent("stderr").path
            let run = try SpawnedWfrun(
                ["run", workflow, "--restart", "--db", database], standardOutput: .file(folder.appendingPathComponent("stdout").path),
                standardError: .file(errors), environment: ["WFRUN_STOP_GRACE_SECONDS": "3600"])
            #expect(try Self.waitForLockWaiter(server: Self.postgresURL!, database: database, run: run), "wfrun never waited on the lock")
            run.send(SIGTERM)
            let first = "wfrun: stopping at the next batch boundary (SIGTERM)"
            #expect(run.wait(until: { ((try? String(contentsOfFile: errors, encoding: .utf8)) ?? "").contains(first) }, timeout: 30))
            run.send(SIGTERM)
            let ending = run.wait(timeout: 30)
            let text = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            #expect(ending.exitCode == 143 && !ending.timedOut, "\(ending)\n\(text)")
            #expect(text.hasSuffix("wfrun: a second signal (SIGTERM), exiting now; run again to resume\n"), "\(text)")
        }
    }
}
