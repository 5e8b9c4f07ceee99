import Testing
import WorkflowModel
@testable import WorkflowEngine

@Suite struct FilterActivityTests {
    static let withId = """
        <filter name="withId" condition="not isNull(id) and followers >= 10">
          <next to="end"/>
        </filter>
        """

    @Test func keepsTheRecordsForWhichTheConditionHolds() async throws {
        let harness = try Harness(Self.withId)
        let result = try await harness.run(FilterActivity.self, "withId", on: [
            RecordBatch(records: [["id": 1, "followers": 10], ["id": nil, "followers": 50], ["id": 3, "followers": 9], ["id": 4]], checkpoint: checkpoint(1)),
        ])
        let batches = try await collect(result.streams[.next])
        #expect(batches.map(\.records) == [[["id": 1, "followers": 10]]])
        #expect(harness.meter.snapshot.recordsIn == 4)
        #expect(harness.meter.snapshot.recordsOut == 1)
    }

    @Test func aBatchFilteredToNothingKeepsItsCheckpoint() async throws {
        let harness = try Harness(Self.withId)
        let result = try await harness.run(FilterActivity.self, "withId", on: [
            RecordBatch(records: [["id": 1, "followers": 1]], checkpoint: checkpoint(1)),
            RecordBatch(records: [["id": 2, "followers": 20]], checkpoint: checkpoint(2)),
            RecordBatch(records: [["id": 3, "followers": 2]]),  // no checkpoint: nothing to carry
        ])
        let batches = try await collect(result.streams[.next])
        #expect(batches.map(\.checkpoint) == [checkpoint(1), checkpoint(2)])
        #expect(batches.map(\.records.count) == [0, 1])
    }

    @Test func aConditionThatIsNotBooleanNamesTheRecord() async throws {
        let harness = try Harness(#"<filter name="named" condition="username"><next to="end"/></filter>"#)
        let result = try await harness.run(FilterActivity.self, "named", on: [RecordBatch(records: [["username": "ada"]])])
        let error = await #expect(throws: ActivityError.self) { try await collect(result.streams[.next]) }
        #expect(error?.message.hasPrefix("filter 'named': the condition gives string 'ada', not true or false") == true)
        #expect(error?.message.hasSuffix("(record username='ada')") == true)
    }
}
