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
        /// Moves on every change a waiting consumer could be waiting for.
        var version = 0
        /// Consumers suspended until the next change.
        var waiters: [CheckedContinuation<Void, Never>] = []

        /// Records a change and hands back the consumers to wake (outside the lock).
        mutating func changed() -> [CheckedContinuation<Void, Never>] {
            version += 1
            defer { waiters.removeAll() }
            return waiters
        }
    }

    /// Batches a consumer may run ahead of the slowest one.
    private static let aheadLimit = 4

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
            enum Step { case batch(RecordBatch?, wake: [CheckedContinuation<Void, Never>]), fail(any Error), pull, wait(version: Int) }
            let step: Step = state.withLock { state in
                let position = state.positions[consumer]
                if position < state.base + state.buffered.count {
                    let batch = state.buffered[position - state.base]
                    state.positions[consumer] += 1
                    let slowest = state.positions.min() ?? 0
                    var wake: [CheckedContinuation<Void, Never>] = []
                    if slowest > state.base {
                        // Room freed: a consumer waiting because it ran ahead may go on.
                        state.buffered.removeFirst(slowest - state.base)
                        state.base = slowest
                        wake = state.changed()
                    }
                    return .batch(batch, wake: wake)
                }
                if let failure = state.failure { return .fail(failure) }
                if state.ended { return .batch(nil, wake: []) }
                // Pull only when nobody else is, and when this consumer is not too far ahead.
                if state.pulling || state.buffered.count >= Self.aheadLimit { return .wait(version: state.version) }
                state.pulling = true
                return .pull
            }
            switch step {
            case .batch(let batch, let wake):
                wake.forEach { $0.resume() }
                return batch
            case .fail(let error):
                throw error
            case .wait(let version):
                await waitForChange(after: version)
            case .pull:
                let outcome: Result<RecordBatch?, any Error>
                do {
                    outcome = .success(try await upstream.next())
                } catch {
                    outcome = .failure(error)
                }
                let wake = state.withLock { state in
                    state.pulling = false
                    switch outcome {
                    case .success(let batch?): state.buffered.append(batch)
                    case .success(nil): state.ended = true
                    case .failure(let error): state.failure = error
                    }
                    return state.changed()
                }
                wake.forEach { $0.resume() }
            }
        }
    }

    /// Suspends until the state moves past `version` (a batch arrives, the stream ends or
    /// fails, room frees up), or the task is cancelled. No polling: the change resumes it.
    private func waitForChange(after version: Int) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    guard state.version == version, !Task.isCancelled else { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            // Wake everyone: each loops, sees its cancellation (or waits again).
            state.withLock { $0.changed() }.forEach { $0.resume() }
        }
    }
}

/// Pulls a stream to its end, dropping the batches (their work — commits — happens on the way).
func drain(_ source: any BatchSource) async throws {
    while try await source.next() != nil {}
}
