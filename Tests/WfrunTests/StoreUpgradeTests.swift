import Foundation
import Testing

/// Stores upgrade in place and are never altered when they should not be: a store written by
/// an older wfrun (a fixture made by the last wfrun before migrations) is migrated and keeps
/// its runs and rows; a store of a newer wfrun and another application's database are refused
/// unchanged; a clean exit leaves every row in the `.sqlite` file itself.
@Suite(.ownThread, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is not installed (.ci/run installs it)"))
struct StoreUpgradeTests {
    static func sqlite3(_ database: String, _ sql: String) throws -> String {
        let outcome = try ChildProcess.run("/usr/bin/sqlite3", [database, sql])
        guard outcome.exitCode == 0 else { throw ProcessLaunchError(description: "\(outcome)") }
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func copyFixtures(to folder: URL) throws -> String {
        for name in ["import.xml", "hold.xml", "followers.jsonl"] {
            try FileManager.default.copyItem(atPath: Fixtures.path("stores/\(name)"), toPath: folder.appendingPathComponent(name).path)
        }
        let database = folder.appendingPathComponent("store.sqlite").path
        try FileManager.default.copyItem(atPath: Fixtures.path("stores/made-by-e0c2ccb.sqlite"), toPath: database)
        return database
    }

    @Test func aStoreOfTheLastWfrunBeforeMigrationsIsMigratedInPlace() throws {
        try withTemporaryFolder { folder in
            let database = try Self.copyFixtures(to: folder)
            #expect(try Self.sqlite3(database, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'wfrun_migration'") == "0")

            let history = try WfrunProcess.run(["history", "--db", database])
            #expect(history.exitCode == 0, "\(history)")
            #expect(history.stdout.contains("2    holdOn           interrupted"), "\(history)")
            #expect(history.stdout.contains("1    importFollowers  succeeded"), "\(history)")
            #expect(try Self.sqlite3(database, "SELECT version || ' ' || name FROM wfrun_migration ORDER BY version")
                == "1 engine tables\n2 run owner and lease\n3 serve: workflow state, fires, nodes\n4 publish: delivery log\n5 tracked links\n6 console credential\n7 console: run query indexes\n8 contacts: consents, consent texts, sign-in flows")
            #expect(try Self.sqlite3(database, "SELECT COUNT(*) FROM visitor") == "3")

            // The interrupted run of the old wfrun is resumed by the new one, and finishes.
            let resumed = try RunOwnershipTests.runUntilHeld(
                ["run", folder.appendingPathComponent("hold.xml").path, "--db", database], name: "holdOn", db: database)
            #expect(resumed.stderr.contains("resuming run 2 of holdOn"), "\(resumed)")
            let again = try WfrunProcess.run(["run", folder.appendingPathComponent("import.xml").path, "--db", database, "--json"])
            #expect(again.exitCode == 0, "\(again)")
            #expect(again.stdout.contains("\"unchanged\" : 3"), "\(again)")
        }
    }

    @Test func aStoreOfANewerWfrunIsRefusedUnchanged() throws {
        try withTemporaryFolder { folder in
            let database = try Self.copyFixtures(to: folder)
            #expect(try WfrunProcess.run(["history", "--db", database]).exitCode == 0)
            _ = try Self.sqlite3(database, "INSERT INTO wfrun_migration VALUES (99, 'from the future', '2030-01-01T00:00:00Z')")
            let before = try Data(contentsOf: URL(fileURLWithPath: database))
            for arguments in [["history"], ["show", "visitor"], ["run", folder.appendingPathComponent("import.xml").path]] {
                let refused = try WfrunProcess.run(arguments + ["--db", database])
                #expect(refused.exitCode == 1, "\(refused)")
                #expect(refused.stderr == """
                    wfrun: the store at \(database) was upgraded by a newer wfrun (store version 99; this wfrun knows versions up to 8); use that wfrun or a newer one: nothing was changed

                    """, "\(refused)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
        }
    }

    @Test func anotherApplicationsDatabaseIsRefusedUnchanged() throws {
        try withTemporaryFolder { folder in
            let database = folder.appendingPathComponent("crm.db").path
            _ = try Self.sqlite3(database, "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT); CREATE TABLE notes (body TEXT); INSERT INTO contacts VALUES (1, 'a@example.org');")
            let before = try Data(contentsOf: URL(fileURLWithPath: database))
            try FileManager.default.copyItem(atPath: Fixtures.path("stores/import.xml"), toPath: folder.appendingPathComponent("import.xml").path)
            try FileManager.default.copyItem(atPath: Fixtures.path("stores/followers.jsonl"), toPath: folder.appendingPathComponent("followers.jsonl").path)
            let refused = try WfrunProcess.run(["run", folder.appendingPathComponent("import.xml").path, "--db", database])
            #expect(refused.exitCode == 1, "\(refused)")
            #expect(refused.stderr == ("""
                wfrun: \(database) is not a wfrun store: it holds tables of another application (contacts, notes); name a new file with --db: nothing was changed

                """), "\(refused)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
            #expect(try Self.sqlite3(database, "PRAGMA journal_mode") == "delete")
        }
    }

    @Test func aCleanExitLeavesEveryRowInTheFileItself() throws {
        try withTemporaryFolder { folder in
            try FileManager.default.copyItem(atPath: Fixtures.path("stores/import.xml"), toPath: folder.appendingPathComponent("import.xml").path)
            try FileManager.default.copyItem(atPath: Fixtures.path("stores/followers.jsonl"), toPath: folder.appendingPathComponent("followers.jsonl").path)
            let database = folder.appendingPathComponent("live.sqlite").path
            let run = try WfrunProcess.run(["run", folder.appendingPathComponent("import.xml").path, "--db", database])
            #expect(run.exitCode == 0, "\(run)")
            let log = (try? FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? Int) ?? 0
            #expect(log == 0)
            // The file alone, copied elsewhere, is a complete backup.
            let backup = folder.appendingPathComponent("backup.sqlite").path
            try FileManager.default.copyItem(atPath: database, toPath: backup)
            let shown = try WfrunProcess.run(["show", "visitor", "--db", backup, "--format", "csv"])
            #expect(shown.exitCode == 0, "\(shown)")
            #expect(shown.stdout.split(separator: "\n").count == 4, "\(shown)")
        }
    }
}
