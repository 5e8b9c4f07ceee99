import Foundation
import Testing
import WorkflowStore

/// Connections that create the same new SQLite store at the same instant all open it. Turning a
/// new file to WAL reads, then writes: SQLite answers SQLITE_BUSY at once, without waiting out
/// the busy timeout, to a connection whose read overlapped another's write (a deadlock it
/// avoids), and `open` said "locked for more than 5 s" after 60 ms.
@Suite struct SQLiteCreationRaceTests {
    @Test func storesOpenedAtOnceOnANewFileAllOpen() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfrun-race-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var failures: [String] = []
        for round in 0..<40 {
            let path = folder.appendingPathComponent("new-\(round).sqlite").path
            let outcomes = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            let store = try await SQLiteStore.open(path: path)
                            try? await store.close()
                            return nil
                        } catch {
                            return "round \(round): \(error)"
                        }
                    }
                }
                var outcomes: [String?] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            failures += outcomes.compactMap { $0 }
        }
        #expect(failures.isEmpty, "\(failures.count) failed: \(failures.prefix(3))")
    }
}
