import Testing
import WorkflowModel
@testable import WorkflowEngine

@Suite struct BatchSplitterTests {
    /// Splits even and odd numbers.
    static func splitter(_ input: any BatchSource, limit: Int = 4) -> BatchSplitter {
        BatchSplitter(input, bufferLimit: limit) { batch in
            let even = batch.records.filter { int($0["n"]) % 2 == 0 }
            let odd = batch.records.filter { int($0["n"]) % 2 != 0 }
            return (RecordBatch(records: even, checkpoint: batch.checkpoint), RecordBatch(records: odd, checkpoint: batch.checkpoint))
        }
    }

    @Test func aBranchThatRunsAheadWaitsForTheOtherOnceItsBufferIsFull() async throws {
        let input = BatchesOf((1...50).map { RecordBatch(records: [["n": .int($0)]], checkpoint: checkpoint($0)) })
        let splitter = Self.splitter(input, limit: 4)
        // The second side starts reading: from then on the first may not run more than 4 batches ahead.
        _ = try await splitter.second.next()
        let reader = Task {
            var count = 0
            while try await splitter.first.next() != nil { count += 1 }
            return count
        }
        // The first side runs ahead until the second holds 4 batches (those of 2...5), then waits.
        await waitUntil("the first side to wait") { await splitter.probe.waiting() == 1 }
        #expect(input.pulled == 5)
        #expect(await splitter.probe.buffered() == [0, 4])
        var secondCount = 1
        while try await splitter.second.next() != nil { secondCount += 1 }
        #expect(try await reader.value == 50)
        #expect(secondCount == 50)
        #expect(input.pulled == 50)
    }

    @Test func aReleasedBranchGetsNothingKept() async throws {
        let input = BatchesOf((1...10).map { RecordBatch(records: [["n": .int($0)]]) })
        var splitter: BatchSplitter? = Self.splitter(input)
        let first = splitter!.first
        let probe = splitter!.probe
        splitter = nil  // the second side is released unread
        await waitUntil("the second side's release") { await probe.released() == [false, true] }
        // The side still read gets all of its records; the released one has none kept for it.
        let batches = try await collect(first)
        #expect(batches.flatMap(\.records).map { int($0["n"]) } == [2, 4, 6, 8, 10])
        #expect(input.pulled == 10)
        #expect(await probe.buffered() == [0, 0])
    }
}
