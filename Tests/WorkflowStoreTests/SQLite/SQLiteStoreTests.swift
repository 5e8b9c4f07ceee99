import Foundation
import Testing
import WorkflowEngine
import WorkflowStore

/// The store behaviours against SQLite (always run), and how opening a SQLite file fails.
@Suite("SQLite store")
struct SQLiteStoreTests {
    let behaviour = StoreBehaviour(backend: .sqlite)

    @Test func prepareIsIdempotentAndAddsColumns() async throws { try await behaviour.prepareIsIdempotentAndAddsColumns() }
    @Test func preparesBuiltInSchemas() async throws { try await behaviour.preparesBuiltInSchemas() }
    @Test func refusesReservedNames() async throws { try await behaviour.refusesReservedNames() }
    @Test func upsertCountsAndTimestamps() async throws { try await behaviour.upsertCountsAndTimestamps() }
    @Test func upsertWritesOnlyGivenFields() async throws { try await behaviour.upsertWritesOnlyGivenFields() }
    @Test func synchronizationKeepsFirstDatesAndEndsUnseenRows() async throws { try await behaviour.synchronizationKeepsFirstDatesAndEndsUnseenRows() }
    @Test func largeBatchesCountExactly() async throws { try await behaviour.largeBatchesCountExactly() }
    @Test func typeMismatchWritesNothing() async throws { try await behaviour.typeMismatchWritesNothing() }
    @Test func typeChecks() async throws { try await behaviour.typeChecks() }
    @Test func missingRequiredValues() async throws { try await behaviour.missingRequiredValues() }
    @Test func unknownColumnsAndKeys() async throws { try await behaviour.unknownColumnsAndKeys() }
    @Test func checkpointsCommitWithTheirBatch() async throws { try await behaviour.checkpointsCommitWithTheirBatch() }
    @Test func runsRoundTrip() async throws { try await behaviour.runsRoundTrip() }
    @Test func activityRunsAndLogs() async throws { try await behaviour.activityRunsAndLogs() }
    @Test func resumableRunIsTheNewestUnfinished() async throws { try await behaviour.resumableRunIsTheNewestUnfinished() }
    @Test func aLiveRunIsNeverClaimedTwice() async throws { try await behaviour.aLiveRunIsNeverClaimedTwice() }
    @Test func simultaneousClaimsStartOneRun() async throws { try await behaviour.simultaneousClaimsStartOneRun() }
    @Test func anExpiredLeaseIsResumedAndFenced() async throws { try await behaviour.anExpiredLeaseIsResumedAndFenced() }
    @Test func aDeadLocalOwnerIsNotWaitedFor() async throws { try await behaviour.aDeadLocalOwnerIsNotWaitedFor() }
    @Test func aResumeKeepsItsParameters() async throws { try await behaviour.aResumeKeepsItsParameters() }
    @Test func aLostRunWritesNothing() async throws { try await behaviour.aLostRunWritesNothing() }
    @Test func rowsStreamInIdOrder() async throws { try await behaviour.rowsStreamInIdOrder() }
    @Test func timestampsAreNormalized() async throws { try await behaviour.timestampsAreNormalized() }

    // MARK: Opening

    /// The reason `SQLiteStore.open` gives for `path`, or a recorded issue.
    private func openFailure(_ path: String) async -> String? {
        do {
            let store = try await SQLiteStore.open(path: path)
            try? await store.close()
            Issue.record("opened \(path)")
        } catch .cannotOpen(let location, let reason) {
            #expect(location == path)
            return reason
        } catch {
            Issue.record("expected cannotOpen, got \(error)")
        }
        return nil
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfrun-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func missingFolderCannotOpen() async throws {
        let reason = await openFailure("/tmp/wfrun-no-such-folder-\(UUID().uuidString)/db.sqlite")
        #expect(reason?.contains("does not exist") == true)
    }

    @Test func garbageFileCannotOpen() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("garbage.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })))
        #expect(await openFailure(path) == "the file is not a SQLite database")
    }

    @Test func parentIsAFileCannotOpen() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plain.txt").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        #expect(await openFailure(file + "/db.sqlite") == "\(file) is a file, not a folder")
    }

    /// Root may write anywhere on disk, but not create files in /proc.
    @Test func unwritableLocationCannotOpen() async throws {
        let reason = await openFailure("/proc/wfrun-test.sqlite")
        #expect(reason?.hasPrefix("cannot create a file in /proc (") == true)
    }

    @Test func folderCannotOpen() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(await openFailure(folder.path) == "it is a folder, not a database file")
    }

    /// Another process holds an exclusive lock (the sqlite3 shell, in a transaction) past the
    /// busy timeout.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func lockedDatabaseCannotOpen() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("locked.sqlite").path
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [path]
        let input = Pipe()
        shell.standardInput = input
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        defer {
            try? input.fileHandleForWriting.close()
            shell.waitUntilExit()
        }
        input.fileHandleForWriting.write(Data("CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1); SELECT 'locked';\n".utf8))
        // Wait until the shell holds the lock: its journal file appears.
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: path + "-journal") {
            try await Task.sleep(for: .milliseconds(20))
        }
        do {
            let store = try await SQLiteStore.open(path: path, busyTimeout: 0.3)
            try? await store.close()
            Issue.record("opened a database another process holds exclusively")
        } catch .cannotOpen(_, let reason) {
            #expect(reason == "another process kept the database locked for more than 0.3 s; try again when it has finished")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func factoryOpensSQLiteForPaths() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await StoreFactory.open(folder.appendingPathComponent("wfrun.sqlite").path)
        #expect(store is SQLiteStore)
        try await store.close()
    }

    /// A reader sees committed rows while the writer is open (WAL), from another store.
    @Test func readersSeeCommittedRowsBesideAWriter() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("wal.sqlite").path
        let writer = try await SQLiteStore.open(path: path)
        let reader = try await SQLiteStore.open(path: path)
        let schema = TestData.people()
        try await writer.prepare(schemas: [schema])
        _ = try await writer.upsert([TestData.person(1)], into: schema, key: TestData.key, checkpoint: nil, now: TestData.t1)
        #expect(try await reader.count(of: schema) == 1)
        try await reader.close()
        try await writer.close()
    }
}
