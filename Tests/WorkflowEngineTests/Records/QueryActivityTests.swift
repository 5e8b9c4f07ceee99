import Testing
import WorkflowModel
import WorkflowXML
@testable import WorkflowEngine

@Suite struct QueryActivityTests {
    static func visitors(_ harness: Harness) throws {
        let schema = try #require(DataSchemaLibrary.builtIn["visitor"])
        harness.store.insert((1...25).map { ["origin": "Twitter", "external_id": .string(String(format: "%03d", $0)), "verified": .bool($0 % 2 == 0)] }, into: schema)
    }

    @Test func readsTheTableFilteredAndLimited() async throws {
        let harness = try Harness(#"<query name="verified" schema="visitor" where="verified" limit="7"><next to="end"/></query>"#)
        try Self.visitors(harness)
        let result = try await harness.behavior(QueryActivity.self, "verified").run(input: nil, context: harness.context("verified", batchSize: 4))
        let batches = try await collect(result.streams[.next])
        #expect(batches.flatMap(\.records).map { $0["external_id"] } == ["002", "004", "006", "008", "010", "012", "014"])
        #expect(batches.allSatisfy { $0.checkpoint == nil && !$0.records.isEmpty })
        // It stops reading once the limit is reached: 14 rows (4 batches of 4) hold the 7.
        #expect(harness.meter.snapshot.recordsIn == 16)
        #expect(harness.meter.snapshot.recordsOut == 7)
    }

    @Test func withoutWhereOrLimitItReadsEveryRow() async throws {
        let harness = try Harness(#"<query name="all" schema="visitor"><next to="end"/></query>"#)
        try Self.visitors(harness)
        let result = try await harness.behavior(QueryActivity.self, "all").run(input: nil, context: harness.context("all", batchSize: 10))
        let batches = try await collect(result.streams[.next])
        #expect(batches.map(\.records.count) == [10, 10, 5])
    }
}
