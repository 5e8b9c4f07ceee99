import Foundation
import Testing

/// `history` and `show` only read: they read a store this user cannot write, and they do not
/// wait for a writer that holds the database (WAL readers run beside it).
@Suite(.ownThread, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is not installed (.ci/run installs it)"))
struct ReadingCommandTests {
    /// A copy of the fixture store, migrated, in a folder of its own: the engine tables by any
    /// command, the visitor table (older than its schema, which has an email column since) by
    /// one that writes it.
    static func migratedStore(in folder: URL) throws -> String {
        let database = try StoreUpgradeTests.copyFixtures(to: folder)
        let migrated = try WfrunProcess.run(["visitors", "consents", "Twitter:1", "--db", database])
        guard migrated.exitCode == 0 else { throw ProcessLaunchError(description: "\(migrated)") }
        return database
    }

    @Test func aStoreThisUserCannotWriteIsRead() throws {
        try withTemporaryFolder { folder in
            let database = try Self.migratedStore(in: folder)
            // root writes whatever the modes say: the commands then run as `nobody`, to whom the
            // folder and the file are read-only; anyone else gets read-only modes.
            let asNobody = getuid() == 0
            if asNobody {
                chmod(folder.path, 0o755)
                chmod(database, 0o644)
            } else {
                chmod(database, 0o444)
                chmod(folder.path, 0o555)
            }
            defer { chmod(folder.path, 0o755) }
            for arguments in [["history"], ["show", "visitor", "--format", "csv"]] {
                let command = ["--db", database]
                let outcome = asNobody
                    ? try ChildProcess.run("/usr/sbin/runuser", ["-u", "nobody", "--", WfrunProcess.binary] + arguments + command, workingDirectory: "/tmp")
                    : try WfrunProcess.run(arguments + command)
                #expect(outcome.exitCode == 0, "\(outcome)")
                #expect(outcome.stderr == "", "\(outcome)")
                if arguments == ["history"] {
                    #expect(outcome.stdout.contains("1    importFollowers  succeeded"), "\(outcome)")
                } else {
                    #expect(outcome.stdout.split(separator: "\n").count == 4, "\(outcome)")
                }
            }
            // A command that writes says why it cannot.
            let run = asNobody
                ? try ChildProcess.run("/usr/sbin/runuser", ["-u", "nobody", "--", WfrunProcess.binary, "run", folder.appendingPathComponent("import.xml").path, "--db", database], workingDirectory: "/tmp")
                : try WfrunProcess.run(["run", folder.appendingPathComponent("import.xml").path, "--db", database])
            #expect(run.exitCode == 1, "\(run)")
            #expect(run.stderr == "wfrun: cannot open the store at \(database): the file cannot be opened for writing: permission denied\n", "\(run)")
        }
    }

    @Test func historyDoesNotWaitForAWriter() throws {
        try withTemporaryFolder { folder in
            let database = try Self.migratedStore(in: folder)
            // The sqlite3 shell takes the write lock and keeps it until its input closes.
            let writer = BackgroundChild("/usr/bin/sqlite3", [database], input: "BEGIN IMMEDIATE; INSERT INTO run_log (run, level, message, at) VALUES (1, 'info', 'held', '2026-01-01T00:00:00Z'); SELECT 'holding';\n")
            defer { writer.finish() }
            try waitUntil("the shell holds the write lock") { writer.output.contains("holding") }
            let history = try WfrunProcess.run(["history", "--db", database])
            #expect(history.exitCode == 0, "\(history)")
            #expect(history.stdout.contains("2    holdOn"), "\(history)")
            // No clock needed: the writer keeps its lock until the test ends, so a history that
            // waited for it would have given up after the busy timeout, with exit 1.
        }
    }

    /// A table no run has written yet reads as empty from a store opened for reading.
    @Test func aTableNotWrittenYetIsEmpty() throws {
        try withTemporaryFolder { folder in
            let database = try Self.migratedStore(in: folder)
            let shown = try WfrunProcess.run(["show", "post", "--db", database, "--format", "csv"])
            #expect(shown.exitCode == 0, "\(shown)")
            #expect(shown.stderr == "", "\(shown)")
            #expect(shown.stdout.split(separator: "\n").count == 1, "\(shown)")
        }
    }

    /// A run that cannot write because another process holds the write lock past the busy
    /// timeout says so in words, not as a raw database error.
    @Test func aLockedStoreSaysWhoToWaitFor() throws {
        try withTemporaryFolder { folder in
            let database = try Self.migratedStore(in: folder)
            let writer = BackgroundChild("/usr/bin/sqlite3", [database], input: "BEGIN IMMEDIATE; INSERT INTO run_log (run, level, message, at) VALUES (1, 'info', 'held', '2026-01-01T00:00:00Z'); SELECT 'holding';\n")
            defer { writer.finish() }
            try waitUntil("the shell holds the write lock") { writer.output.contains("holding") }
            let run = try WfrunProcess.run(["run", folder.appendingPathComponent("import.xml").path, "--db", database])
            #expect(run.exitCode == 1, "\(run)")
            #expect(run.stderr == "wfrun: cannot open the store at \(database): another process kept the database locked for more than 5 s; try again when it has finished\n", "\(run)")
        }
    }
}
