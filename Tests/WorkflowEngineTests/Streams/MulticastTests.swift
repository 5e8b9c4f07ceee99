import Testing
import WorkflowModel
@testable import WorkflowEngine

/// The one multicast primitive: every consumer gets every element, consumers drift apart by at
/// most `aheadLimit` elements, the upstream is pulled only on demand, and a consumer that goes
/// away stops holding the others back.
@Suite struct MulticastTests {
    static func numbers(_ range: ClosedRange<Int>) -> BatchesOf {
        BatchesOf(range.map { RecordBatch(records: [["n": .int(Int64($0))]], checkpoint: checkpoint(Int64($0))) })
    }

    static func values(_ batches: [RecordBatch]) -> [Int64] { batches.flatMap(\.records).map { int($0["n"]) } }

    @Test func everyConsumerGetsEveryBatchInOrder() async throws {
        let input = Self.numbers(1...20)
        let multicast = Multicast(input, consumers: 3)
        async let first = collect(multicast.stream(0))
        async let second = collect(multicast.stream(1))
        async let third = collect(multicast.stream(2))
        let all = try await [first, second, third]
        for batches in all {
            #expect(Self.values(batches) == Array(1...20))
            #expect(batches.map { $0.checkpoint?.sequence } == Array(1...20))
        }
        #expect(input.pulled == 20)
    }

    @Test func aConsumerAheadWaitsOnceItIsTheLimitAheadAndTheUpstreamFeelsIt() async throws {
        let input = Self.numbers(1...50)
        let multicast = Multicast(input, consumers: 2)
        let slow = multicast.stream(1)
        let fast = multicast.stream(0)
        let reader = Task { Self.values(try await collect(fast)) }
        // The fast consumer reads 4 batches the slow one has not, then waits: nothing more is
        // pulled from the upstream meanwhile.
        await waitUntil("the fast consumer to wait") { multicast.snapshot.waiting == 1 }
        #expect(multicast.snapshot.buffered == multicast.aheadLimit)
        #expect(input.pulled == 4)
        var slowValues: [Int64] = []
        while let batch = try await slow.next() { slowValues += Self.values([batch]) }
        #expect(try await reader.value == Array(1...50))
        #expect(slowValues == Array(1...50))
        #expect(input.pulled == 50)
    }

    @Test func aReleasedConsumerStopsHoldingTheOthersBack() async throws {
        let input = Self.numbers(1...30)
        let multicast = Multicast(input, consumers: 2)
        let fast = multicast.stream(0)
        let reader = Task { Self.values(try await collect(fast)) }
        await waitUntil("the fast consumer to wait") { multicast.snapshot.waiting == 1 }
        // The other consumer goes away without reading (its branch failed): the first goes on
        // to the end, and nothing is kept for the one that left.
        multicast.release(1)
        #expect(try await reader.value == Array(1...30))
        #expect(multicast.snapshot.buffered == 0)
        #expect(multicast.snapshot.active == [true, false])
    }

    @Test func droppingAConsumersStreamReleasesIt() async throws {
        let input = Self.numbers(1...10)
        let multicast = Multicast(input, consumers: 2)
        var dropped: (any BatchSource)? = multicast.stream(1)
        _ = try await dropped?.next()
        dropped = nil
        #expect(multicast.snapshot.active == [true, false])
        #expect(Self.values(try await collect(multicast.stream(0))) == Array(1...10))
    }

    @Test func aFailureReachesEveryConsumer() async throws {
        let multicast = Multicast<RecordBatch>(consumers: 2) { throw ActivityError(activity: "fetch", message: "connection reset") }
        for index in 0..<2 {
            await #expect(throws: ActivityError.self) { try await collect(multicast.stream(index)) }
        }
    }

    @Test func sharesWithoutRecordsOrCheckpointAreSkipped() async throws {
        // A test's routing: even numbers to the first side, odd ones to the second; a share with
        // no records keeps its batch's checkpoint, so that a sink still commits it.
        let input = BatchesOf([
            RecordBatch(records: [["n": .int(2)], ["n": .int(4)]], checkpoint: checkpoint(1)),
            RecordBatch(records: [["n": .int(3)]]),
        ])
        let multicast = Multicast<[RecordBatch]>(consumers: 2) {
            guard let batch = try await input.next() else { return nil }
            let even = batch.records.filter { int($0["n"]) % 2 == 0 }
            let odd = batch.records.filter { int($0["n"]) % 2 != 0 }
            return [RecordBatch(records: even, checkpoint: batch.checkpoint), RecordBatch(records: odd, checkpoint: batch.checkpoint)]
        }
        async let evens = collect(multicast.share(0))
        async let odds = collect(multicast.share(1))
        let (even, odd) = try await (evens, odds)
        #expect(even.map { Self.values([$0]) } == [[2, 4]])
        #expect(odd.map { Self.values([$0]) } == [[], [3]])
        #expect(odd.map { $0.checkpoint?.sequence } == [1, nil])
    }
}
