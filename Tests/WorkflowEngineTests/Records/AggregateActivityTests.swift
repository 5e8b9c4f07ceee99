import Testing
import WorkflowModel
@testable import WorkflowEngine

@Suite struct AggregateActivityTests {
    static let byFolder = """
        <aggregate name="byFolder" groupBy="folder stats.kind">
          <measure name="records" function="count"/>
          <measure name="with_friends" function="count" value="friends"/>
          <measure name="friends_sum" function="sum" value="friends"/>
          <measure name="score_sum" function="sum" value="score"/>
          <measure name="lowest" function="min" value="friends"/>
          <measure name="highest" function="max" value="username"/>
          <measure name="average" function="avg" value="friends"/>
          <next to="end"/>
        </aggregate>
        """

    @Test func computesEveryMeasurePerGroupInKeyOrder() async throws {
        let harness = try Harness(Self.byFolder)
        let result = try await harness.run(AggregateActivity.self, "byFolder", on: [
            RecordBatch(records: [
                ["folder": "b", "stats": ["kind": "x"], "friends": 10, "score": 1.5, "username": "ada"],
                ["folder": "a", "stats": ["kind": "x"], "friends": 3, "score": 2, "username": "zoe"],
                ["folder": "b", "stats": ["kind": "x"], "friends": nil, "username": "bob"],
            ], checkpoint: checkpoint(1)),
            RecordBatch(records: [
                ["folder": "b", "stats": ["kind": "x"], "friends": 5, "score": 1, "username": "cy"],
                ["stats": ["kind": "y"], "friends": 1],
            ], checkpoint: checkpoint(2)),
        ])
        let batches = try await collect(result.streams[.next])
        #expect(batches.count == 1)
        #expect(batches.first?.checkpoint == nil)
        #expect(batches.first?.records == [
            ["folder": nil, "kind": "y", "records": 1, "with_friends": 1, "friends_sum": 1, "score_sum": nil, "lowest": 1, "highest": nil, "average": 1.0],
            ["folder": "a", "kind": "x", "records": 1, "with_friends": 1, "friends_sum": 3, "score_sum": 2, "lowest": 3, "highest": "zoe", "average": 3.0],
            ["folder": "b", "kind": "x", "records": 3, "with_friends": 2, "friends_sum": 15, "score_sum": 2.5, "lowest": 5, "highest": "cy", "average": 7.5],
        ])
        #expect(harness.meter.snapshot.recordsIn == 5)
        #expect(harness.meter.snapshot.recordsOut == 3)
    }

    @Test func withoutGroupByThereIsOneGroupEvenWithNoRecords() async throws {
        let harness = try Harness("""
            <aggregate name="total">
              <measure name="posts" function="count"/>
              <measure name="retweets" function="sum" value="retweets"/>
              <next to="end"/>
            </aggregate>
            """)
        let empty = try await collect(harness.run(AggregateActivity.self, "total", on: [RecordBatch(records: [], checkpoint: checkpoint(1))]).streams[.next])
        #expect(empty.map(\.records) == [[["posts": 0, "retweets": nil]]])
        let some = try await collect(harness.run(AggregateActivity.self, "total", on: [RecordBatch(records: [["retweets": 2], ["retweets": 3]])]).streams[.next])
        #expect(some.map(\.records) == [[["posts": 2, "retweets": 5]]])
    }

    @Test func aValueAMeasureCannotTakeNamesTheMeasureAndRecord() async throws {
        let harness = try Harness(Self.byFolder)
        let result = try await harness.run(AggregateActivity.self, "byFolder", on: [RecordBatch(records: [["folder": "a", "friends": "many"]])])
        let error = await #expect(throws: ActivityError.self) { try await collect(result.streams[.next]) }
        #expect(error?.message == "aggregate 'byFolder', measure friends_sum: cannot compute the sum of string 'many'; it takes ints and numbers (record folder='a', friends='many')")
    }

    @Test func anIntSumThatOverflowsBecomesANumber() async throws {
        let harness = try Harness(#"<aggregate name="total"><measure name="s" function="sum" value="n"/><next to="end"/></aggregate>"#)
        let result = try await harness.run(AggregateActivity.self, "total", on: [RecordBatch(records: [["n": .int(.max)], ["n": 1]])])
        let batches = try await collect(result.streams[.next])
        #expect(batches.first?.records == [["s": .number(Double(Int64.max) + 1)]])
    }
}
