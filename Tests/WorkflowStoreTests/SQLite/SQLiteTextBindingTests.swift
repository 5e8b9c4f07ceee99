import Foundation
import Testing
import WorkflowEngine
import WorkflowModel
@testable import WorkflowStore

/// The SQLite writer binds a statement's text values in place, from one buffer that outlives the
/// step (`BoundText`), and a batch converts a repeated timestamp text once: neither may change a
/// byte of what is written, whatever the text and wherever it falls in the statement chunks.
@Suite struct SQLiteTextBindingTests {
    /// Texts of every shape: empty, small (inline in the String), long, non-ASCII.
    static func username(_ id: Int) -> String {
        switch id % 5 {
        case 0: ""
        case 1: "u\(id)"
        case 2: "a user name long enough to live on the heap, number \(id)"
        case 3: "Zoë \(id) 🐦 ünïcödé"
        default: String(repeating: "x", count: id % 300)
        }
    }

    @Test func textsOfEveryShapeAreWrittenExactlyAcrossStatementChunks() async throws {
        // More records than one statement takes, so that a full chunk and a shorter one are bound.
        let count = SQLiteBatchWriter.maximumRowsPerStatement + 123
        let schema = TestData.people()
        let records = (0..<count).map { TestData.person($0, username: Self.username($0)) }
        try await withStore(.sqlite) { store in
            try await store.prepare(schemas: [schema])
            let counts = try await store.upsert(records, into: schema, key: TestData.key, keep: [], checkpoint: nil, now: TestData.t1)
            #expect(counts == UpsertCounts(inserted: count, updated: 0, unchanged: 0))
            let rows = try await StoreBehaviour.allRows(store, schema)
            #expect(rows.count == count)
            #expect(rows.map { $0["username"] } == (0..<count).map { .string(Self.username($0)) })
            #expect(rows.map { $0["external_id"] } == (0..<count).map { .string("id\($0)") })
            #expect(rows.allSatisfy { $0["created_at"] == .string(TestData.t1Text) && $0["updated_at"] == .string(TestData.t1Text) })
            // The same records again find their rows equal: what was bound is what is stored.
            let again = try await store.upsert(records, into: schema, key: TestData.key, keep: [], checkpoint: nil, now: TestData.t2)
            #expect(again == UpsertCounts(inserted: 0, updated: 0, unchanged: count))
        }
    }

    @Test func aRepeatedTimestampIsConvertedOnceAndAChangedOneAnew() throws {
        let table = TableDefinition(TestData.people("people"))
        let texts = [
            "2026-11-27T07:40:00+01:00", "2026-11-27T07:40:00+01:00", "2026-11-27T08:40:00+02:00",
            "2024-02-29T23:59:59.5-00:30", "2024-02-29T23:59:59.5-00:30", "2026-11-27T07:40:00+01:00",
        ]
        let records = texts.enumerated().map { index, text in
            var record = TestData.person(index)
            record["joined_at"] = .string(text)
            return record
        }
        let batch = try UpsertBatch(records, table: table, key: TestData.key)
        let column = try #require(table.columns.firstIndex { $0.name == "joined_at" })
        #expect((0..<texts.count).map { batch.value(row: $0, column: column) } == [
            .text("2026-11-27T06:40:00Z"), .text("2026-11-27T06:40:00Z"), .text("2026-11-27T06:40:00Z"),
            .text("2024-03-01T00:29:59.5Z"), .text("2024-03-01T00:29:59.5Z"), .text("2026-11-27T06:40:00Z"),
        ])
    }

    @Test func aTimestampWithoutAZoneAfterAValidOneIsStillRefused() {
        let table = TableDefinition(TestData.people("people"))
        var valid = TestData.person(1)
        valid["joined_at"] = .string("2026-11-27T07:40:00+01:00")
        var zoneless = TestData.person(2)
        zoneless["joined_at"] = .string("2026-11-27T07:40:00")
        do {
            _ = try UpsertBatch([valid, zoneless], table: table, key: TestData.key)
            Issue.record("a timestamp without a zone was taken")
        } catch {
            guard case .typeMismatch(let name, let column, let value, let expected) = error else {
                Issue.record("expected a type mismatch, got \(error)")
                return
            }
            #expect(name == "people")
            #expect(column == "joined_at")
            #expect(value == "string '2026-11-27T07:40:00'")
            #expect(expected == .timestamp)
        }
    }
}
