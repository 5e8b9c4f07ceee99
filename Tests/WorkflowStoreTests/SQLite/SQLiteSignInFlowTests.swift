import Foundation
import GRDB
import Testing
@testable import WorkflowStore

/// Every sign-in start on the consent pages forgets the flows that expired a day before: that
/// delete reads through an index on `expires_at`, so a table that a flood of starts has filled
/// does not make each start read all of it.
@Suite struct SQLiteSignInFlowTests {
    @Test func forgettingOldFlowsSearchesAnIndex() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfrun-flows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await SQLiteStore.open(path: folder.appendingPathComponent("store.sqlite").path)
        let delete = store.engine.deleteOldSignInFlows
        let plan = try await store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(delete)", arguments: ["2026-12-01T00:00:00Z"]).map { $0["detail"] as String }
        }
        try await store.close()
        #expect(plan == [#"SEARCH signin_flow USING INDEX signin_flow_expires_idx (expires_at<?)"#])
    }
}
