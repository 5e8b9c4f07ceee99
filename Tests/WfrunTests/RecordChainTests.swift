import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A record chain `fetch -> log -> map -> upsert`: the fetch and the log finish while the upsert,
/// reading one batch ahead, still writes the last batch. When that write fails or the process
/// dies there, the next run must write that batch: the fetch and the log belong to the upsert's
/// record group and resume with it, instead of being replayed as done.
@Suite(.ownThread, .serialized) struct RecordChainTests {
    static let workflow = """
        <workflow xmlns="urn:wfrun:workflow:1" name="chain">
          <start name="begin"><next to="read"/></start>
          <fetch name="read" connector="file" resource="records" path="people.csv"><next to="say"/></fetch>
          <log name="say" level="debug" message="concat('read ', id)"><next to="shape"/></log>
          <map name="shape">
            <field name="origin" value="'Twitter'"/>
            <field name="external_id" value="id"/>
            <field name="username" value="name"/>
            <next to="save"/>
          </map>
          <upsert name="save" schema="visitor" key="origin external_id"><next to="done"/></upsert>
          <end name="done"/>
        </workflow>
        """

    /// The workflow and an empty `people.csv` beside it; returns the workflow's path.
    static func write(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("chain.xml").path
        try workflow.write(toFile: path, atomically: true, encoding: .utf8)
        try "id,name\n".write(to: folder.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
        return path
    }

    /// Ten people, in batches of 3: the last batch holds person 9 alone.
    static func fill(_ folder: URL) throws {
        let rows = (0..<10).map { "\($0),person\($0)" }.joined(separator: "\n")
        try ("id,name\n" + rows + "\n").write(to: folder.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
    }

    static let expected = (0..<10).map { "Twitter,\($0),person\($0)" }

    /// origin, external_id, username of every visitor, in key order.
    static func visitors(_ database: String) throws -> [String] {
        let outcome = try WfrunProcess.run(["show", "visitor", "--format", "csv", "--db", database])
        #expect(outcome.exitCode == 0, "\(outcome)")
        return String(decoding: outcome.standardOutput, as: UTF8.self).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(3).joined(separator: ",") }
            .sorted { Int($0.split(separator: ",")[1]) ?? -1 < Int($1.split(separator: ",")[1]) ?? -1 }
    }

    @Test(
        "the store fails on the last batch: the next run writes it",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is not installed (.ci/run installs it)"))
    func aFailedLastBatchIsWrittenByTheNextRun() throws {
        try withTemporaryFolder { folder in
            let workflow = try Self.write(in: folder)
            let database = folder.appendingPathComponent("chain.sqlite").path
            let empty = try WfrunProcess.run(["run", workflow, "--db", database])
            #expect(empty.exitCode == 0, "\(empty)")
            try Self.fill(folder)
            _ = try StoreUpgradeTests.sqlite3(database, """
                CREATE TRIGGER refuse_nine BEFORE INSERT ON visitor WHEN NEW.external_id = '9'
                BEGIN SELECT RAISE(ABORT, 'no room for person 9'); END;
                """)
            let failed = try WfrunProcess.run(["run", workflow, "--db", database, "--batch-size", "3"])
            #expect(failed.exitCode == 1, "\(failed)")
            #expect(failed.stderr.contains("no room for person 9"), "\(failed)")
            #expect(try Self.visitors(database) == Array(Self.expected.prefix(9)))

            _ = try StoreUpgradeTests.sqlite3(database, "DROP TRIGGER refuse_nine")
            let resumed = try WfrunProcess.run(["run", workflow, "--db", database, "--batch-size", "3"])
            #expect(resumed.exitCode == 0, "\(resumed)")
            #expect(try Self.visitors(database) == Self.expected)
        }
    }

    @Test(
        "killed with -9 while the last batch is being written: the next run writes it",
        .enabled(if: TestPostgres.url != nil && ChildProcess.which("psql") != nil, "needs WFRUN_TEST_POSTGRES_URL and psql"))
    func aKilledLastBatchIsWrittenByTheNextRun() throws {
        let server = TestPostgres.url!
        let name = "wfrun_chain_\(UUID().uuidString.prefix(8).lowercased())"
        let slash = try #require(server.lastIndex(of: "/"))
        let database = server[..<slash] + "/" + name
        try StopGraceTests.psql(server, "CREATE DATABASE \(name)")
        defer { _ = try? StopGraceTests.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        try withTemporaryFolder { folder in
            let workflow = try Self.write(in: folder)
            let empty = try WfrunProcess.run(["run", workflow, "--db", database])
            #expect(empty.exitCode == 0, "\(empty)")
            try Self.fill(folder)

            // Hold person 9's key in an open transaction: the upsert of the last batch waits on
            // it, after the fetch and the log have read everything.
            let holder = BackgroundChild(
                ChildProcess.which("psql")!, [database, "-tA", "-v", "ON_ERROR_STOP=1"],
                input: "BEGIN; INSERT INTO visitor (origin, external_id) VALUES ('Twitter', '9'); SELECT 'held';\n")
            defer { holder.finish() }
            try waitUntil("psql holds the key") { holder.output.contains("held") }

            let run = try SpawnedWfrun(
                ["run", workflow, "--db", database, "--batch-size", "3"],
                standardOutput: .file(folder.appendingPathComponent("stdout").path),
                standardError: .file(folder.appendingPathComponent("stderr").path))
            let settled = "SELECT count(*) FROM activity_run WHERE run = (SELECT max(id) FROM run) AND activity IN ('read', 'say') AND status = 'succeeded'"
            let waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(name)' AND wait_event_type = 'Lock'"
            let reached = run.wait(until: {
                ((try? StopGraceTests.psql(database, settled)) ?? "0") == "2"
                    && ((try? StopGraceTests.psql(server, waiting)) ?? "0") != "0"
            }, timeout: 60)
            #expect(reached, "the fetch and the log never finished while the last batch waited")
            run.send(SIGKILL)
            let ending = run.wait(timeout: 30)
            #expect(ending.terminatingSignal == SIGKILL, "\(ending)")
            holder.finish()
            #expect(try Self.visitors(database) == Array(Self.expected.prefix(9)))

            let resumed = try WfrunProcess.run(["run", workflow, "--db", database, "--batch-size", "3"])
            #expect(resumed.exitCode == 0, "\(resumed)")
            #expect(try Self.visitors(database) == Self.expected)
        }
    }
}
