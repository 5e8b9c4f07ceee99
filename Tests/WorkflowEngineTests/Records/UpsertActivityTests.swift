import Testing
import WorkflowModel
@testable import WorkflowEngine

@Suite struct UpsertActivityTests {
    static let save = #"<upsert name="save" schema="visitor" key="origin external_id"><next to="end"/></upsert>"#

    static func visitor(_ id: String, friends: Int64) -> Record {
        ["origin": "Twitter", "external_id": .string(id), "friends": .int(friends)]
    }

    @Test func writesEachBatchWithItsCheckpointAndPassesItOn() async throws {
        let harness = try Harness(Self.save)
        let input = [
            RecordBatch(records: [Self.visitor("1", friends: 5), Self.visitor("2", friends: 6)], checkpoint: checkpoint(1)),
            RecordBatch(records: [Self.visitor("1", friends: 7), Self.visitor("3", friends: 8)], checkpoint: checkpoint(2)),
        ]
        let result = try await harness.run(UpsertActivity.self, "save", on: input)
        #expect(harness.store.upsertCalls.isEmpty)  // lazy
        let passed = try await collect(result.streams[.next])
        #expect(passed.map(\.records) == input.map(\.records))
        #expect(passed.map(\.checkpoint) == input.map(\.checkpoint))
        // One call (one transaction) per batch, each with its checkpoint committed by this sink.
        let calls = harness.store.upsertCalls
        #expect(calls.map(\.records) == input.map(\.records))
        #expect(calls.map(\.checkpoint) == [
            CommittedCheckpoint(run: 12, sink: "save", checkpoint: checkpoint(1)),
            CommittedCheckpoint(run: 12, sink: "save", checkpoint: checkpoint(2)),
        ])
        #expect(harness.store.rows("visitor") == [Self.visitor("1", friends: 7), Self.visitor("2", friends: 6), Self.visitor("3", friends: 8)])
        #expect(harness.meter.snapshot.upserts == UpsertCounts(inserted: 3, updated: 1, unchanged: 0))
        #expect(harness.meter.snapshot.recordsIn == 4)
        #expect(harness.meter.snapshot.recordsOut == 4)
    }

    @Test func anEmptyBatchCommitsItsCheckpointAlone() async throws {
        let harness = try Harness(Self.save)
        let result = try await harness.run(UpsertActivity.self, "save", on: [RecordBatch(records: [], checkpoint: checkpoint(1))])
        let passed = try await collect(result.streams[.next])
        #expect(passed.map(\.checkpoint) == [checkpoint(1)])
        #expect(harness.store.upsertCalls.isEmpty)
        #expect(harness.store.committed == [CommittedCheckpoint(run: 12, sink: "save", checkpoint: checkpoint(1))])
    }

    @Test func aDryRunWritesNothingAndDescribesEachBatch() async throws {
        let harness = try Harness(Self.save)
        let input = [
            RecordBatch(records: [Self.visitor("1", friends: 5), Self.visitor("2", friends: 6)], checkpoint: checkpoint(1)),
            RecordBatch(records: [], checkpoint: checkpoint(2)),
        ]
        let result = try await harness.run(UpsertActivity.self, "save", on: input, dryRun: true)
        let passed = try await collect(result.streams[.next])
        #expect(passed.map(\.records) == input.map(\.records))
        #expect(harness.store.upsertCalls.isEmpty)
        #expect(harness.store.committed.isEmpty)
        #expect(harness.logged.map(\.message) == [
            #"would upsert 2 records into visitor (key origin external_id); first: {"external_id":"1","friends":5,"origin":"Twitter"}"#
        ])
    }

    @Test func aStoreErrorNamesTheActivityTableColumnValueAndRun() async throws {
        let harness = try Harness(Self.save)
        harness.store.failUpserts { _ in .typeMismatch(table: "visitor", column: "friends", value: "string 'many'", expected: .integer) }
        let result = try await harness.run(UpsertActivity.self, "save", on: [RecordBatch(records: [["origin": "Twitter", "external_id": "1", "friends": "many"]])])
        let error = await #expect(throws: ActivityError.self) { try await collect(result.streams[.next]) }
        #expect(error?.activity == "save")
        #expect(error?.message == "upsert 'save' into visitor (run 12): visitor.friends expects integer, got string 'many'")
    }

    @Test func ignorePolicyWritesTheOtherRecordsOfARefusedBatch() async throws {
        let harness = try Harness(#"<upsert name="save" schema="visitor" key="origin external_id" errorPolicy="ignore"><next to="end"/></upsert>"#)
        harness.store.failUpserts { records in
            records.contains { $0["friends"] == "many" } ? .typeMismatch(table: "visitor", column: "friends", value: "string 'many'", expected: .integer) : nil
        }
        let bad: Record = ["origin": "Twitter", "external_id": "2", "friends": "many"]
        let result = try await harness.run(UpsertActivity.self, "save", on: [
            RecordBatch(records: [Self.visitor("1", friends: 1), bad, Self.visitor("3", friends: 3)], checkpoint: checkpoint(1)),
        ])
        _ = try await collect(result.streams[.next])
        #expect(harness.store.rows("visitor") == [Self.visitor("1", friends: 1), Self.visitor("3", friends: 3)])
        #expect(harness.store.committed == [CommittedCheckpoint(run: 12, sink: "save", checkpoint: checkpoint(1))])
        #expect(harness.logged.map(\.message) == [
            "upsert 'save' into visitor (run 12): visitor.friends expects integer, got string 'many' (record external_id='2', friends='many', origin='Twitter'); record dropped (errorPolicy=ignore)"
        ])
    }

    @Test func anUnknownSchemaIsRefusedWhenPrepared() throws {
        let harness = try Harness(Self.save)
        var definition = try harness.activity("save")
        definition.attributes["schema"]?.text = "visitors"
        let error = #expect(throws: ActivityError.self) { try UpsertActivity(definition: definition, setup: harness.setup) }
        #expect(error?.message.hasPrefix("upsert 'save': there is no data schema 'visitors'") == true)
    }
}
