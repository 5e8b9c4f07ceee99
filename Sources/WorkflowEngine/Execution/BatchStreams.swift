import Synchronization

/// Runs a closure when a stream ends or fails, and counts what passes: how the engine learns
/// that a lazy record activity has finished.
final class TrackedSource: BatchSource {
    private let upstream: any BatchSource
    private let onFinish: @Sendable ((any Error)?) async -> Void
    private let finished = Mutex(false)

    init(_ upstream: any BatchSource, onFinish: @escaping @Sendable ((any Error)?) async -> Void) {
        self.upstream = upstream
        self.onFinish = onFinish
    }

    func next() async throws -> RecordBatch? {
        do {
            try Task.checkCancellation()
            if let batch = try await upstream.next() { return batch }
            await finish(nil)
            return nil
        } catch {
            await finish(error)
            throw error
        }
    }

    private func finish(_ error: (any Error)?) async {
        let first = finished.withLock { done in
            defer { done = true }
            return !done
        }
        if first { await onFinish(error) }
    }
}

/// Gives every one of several consumers each batch of one upstream (several `next` transitions
/// out of a record activity). A consumer that runs ahead waits for the slowest one, so at most
/// `limit` batches are held: memory stays bounded.
final class BatchTee: Sendable {
    private struct State {
        var buffered: [RecordBatch] = []
        /// Index (into the whole stream) of `buffered[0]`.
        var base = 0
        var positions: [Int]
        var ended = false
        var failure: (any Error)?
        var pulling = false
    }

    private let upstream: any BatchSource
    private let state: Mutex<State>

    init(_ upstream: any BatchSource, consumers: Int) {
        self.upstream = upstream
        state = Mutex(State(positions: Array(repeating: 0, count: consumers)))
    }

    /// The stream of consumer `index`.
    func branch(_ index: Int) -> any BatchSource { Branch(tee: self, index: index) }

    private final class Branch: BatchSource {
        let tee: BatchTee
        let index: Int
        init(tee: BatchTee, index: Int) {
            self.tee = tee
            self.index = index
        }
        func next() async throws -> RecordBatch? { try await tee.next(for: index) }
    }

    fileprivate func next(for consumer: Int) async throws -> RecordBatch? {
        while true {
            try Task.checkCancellation()
            enum Step { case batch(RecordBatch?), fail(any Error), pull, wait }
            let step: Step = state.withLock { state in
                let position = state.positions[consumer]
                if position < state.base + state.buffered.count {
                    let batch = state.buffered[position - state.base]
                    state.positions[consumer] += 1
                    let slowest = state.positions.min() ?? 0
                    if slowest > state.base {
                        state.buffered.removeFirst(slowest - state.base)
                        state.base = slowest
                    }
                    return .batch(batch)
                }
                if let failure = state.failure { return .fail(failure) }
                if state.ended { return .batch(nil) }
                // Pull only when nobody else is, and when this consumer is not too far ahead.
                if state.pulling || state.buffered.count >= 4 { return .wait }
                state.pulling = true
                return .pull
            }
            switch step {
            case .batch(let batch): return batch
            case .fail(let error): throw error
            case .wait: await Task.yield()
            case .pull:
                do {
                    let batch = try await upstream.next()
                    state.withLock { state in
                        state.pulling = false
                        if let batch { state.buffered.append(batch) } else { state.ended = true }
                    }
                } catch {
                    state.withLock { state in
                        state.pulling = false
                        state.failure = error
                    }
                }
            }
        }
    }
}

/// Pulls a stream to its end, dropping the batches (their work — commits — happens on the way).
func drain(_ source: any BatchSource) async throws {
    while try await source.next() != nil {}
}
