import Testing
import WorkflowModel
@testable import WorkflowEngine

@Suite struct TestActivityTests {
    static let popular = """
        <test name="popular" condition="followers >= param('minimum')">
          <then to="end"/>
          <else to="end"/>
        </test>
        """
    static let minimum = #"<parameter name="minimum" type="integer" default="100"/>"#

    @Test func withoutRecordsItEvaluatesOnceAndFollowsOneBranch() async throws {
        let harness = try Harness(#"<test name="notify" condition="param('notify')"><then to="end"/><else to="end"/></test>"#,
                                  parameters: #"<parameter name="notify" type="boolean" default="false"/>"#)
        let behavior = try harness.behavior(TestActivity.self, "notify")
        let yes = try await behavior.run(input: nil, context: harness.context("notify", parameters: ["notify": true]))
        let no = try await behavior.run(input: nil, context: harness.context("notify", parameters: ["notify": false]))
        #expect(yes.follow == [.then] && yes.streams.isEmpty)
        #expect(no.follow == [.else] && no.streams.isEmpty)
    }

    @Test func routesEachRecordToExactlyOneBranch() async throws {
        let harness = try Harness(Self.popular, parameters: Self.minimum)
        let records: [Record] = (0..<1000).map { ["id": .int(Int64($0)), "followers": .int(Int64($0 % 250))] }
        let input = stride(from: 0, to: 1000, by: 100).enumerated().map { index, start in
            RecordBatch(records: Array(records[start..<start + 100]), checkpoint: checkpoint(Int64(index + 1)))
        }
        let result = try await harness.behavior(TestActivity.self, "popular")
            .run(input: BatchesOf(input), context: harness.context("popular", parameters: ["minimum": 100]))
        #expect(result.follow == [.then, .else])
        // Both branches are read at the same time, as the engine does.
        async let thenBatches = collect(result.streams[.then])
        async let elseBatches = collect(result.streams[.else])
        let (then, otherwise) = try await (thenBatches, elseBatches)
        #expect(then.flatMap(\.records) == records.filter { int($0["followers"]) >= 100 })
        #expect(otherwise.flatMap(\.records) == records.filter { int($0["followers"]) < 100 })
        #expect(then.map(\.checkpoint) == (1...10).map { checkpoint($0) })
        #expect(otherwise.map(\.checkpoint) == (1...10).map { checkpoint($0) })
        #expect(harness.meter.snapshot.recordsIn == 1000)
    }

    @Test func aBranchReadAloneRunsAheadAtMostTheLimitUntilTheOtherIsReadOrDropped() async throws {
        let harness = try Harness(Self.popular, parameters: Self.minimum)
        let input = BatchesOf((1...20).map { RecordBatch(records: [["followers": .int($0 * 10)]], checkpoint: checkpoint($0)) })
        var streams = try await harness.behavior(TestActivity.self, "popular")
            .run(input: input, context: harness.context("popular", parameters: ["minimum": 100])).streams
        let then = streams[.then]!
        // Memory stays bounded: the `then` side reads 4 batches the `else` side has not, then waits.
        let reader = Task { try await collect(then) }
        await waitUntil("the then side to wait for the else side") { input.pulled == 4 }
        #expect(input.pulled == 4)
        // The else side goes away unread (its branch ended): the then side reads to the end.
        streams[.else] = nil
        let batches = try await reader.value
        #expect(batches.flatMap(\.records).count == 11)
        #expect(batches.count == 20)
    }

    @Test func anUpstreamFailureReachesBothBranches() async throws {
        let harness = try Harness(Self.popular, parameters: Self.minimum)
        let failure = ActivityError(activity: "fetch", message: "fetch 'fetch': gone")
        let input = FailingSource([RecordBatch(records: [["followers": 500], ["followers": 5]])], then: failure)
        let result = try await harness.behavior(TestActivity.self, "popular")
            .run(input: input, context: harness.context("popular", parameters: ["minimum": 100]))
        let then = result.streams[.then]!, otherwise = result.streams[.else]!
        #expect(try await then.next()?.records == [["followers": 500]])
        #expect(try await otherwise.next()?.records == [["followers": 5]])
        await #expect(throws: ActivityError.self) { try await then.next() }
        await #expect(throws: ActivityError.self) { try await otherwise.next() }
    }
}
