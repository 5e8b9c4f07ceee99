import Synchronization

/// One upstream read by several consumers, each getting every element: a record stream sent
/// along several transitions, or a `test`'s routed batches (one share per side).
///
/// - Back-pressure: the upstream is pulled only when a consumer asks for an element nobody has
///   pulled yet, by that consumer's task, one pull at a time.
/// - Bounded drift: a consumer at most `aheadLimit` elements ahead of the slowest one waits (on
///   a continuation, not a spin) until that one catches up, so at most `aheadLimit` elements
///   are held.
/// - Consumers that go away stop holding the others back: a consumer released (its stream
///   dropped unread, because its branch finished, failed, was ignored or paused) no longer
///   counts as the slowest, and nothing more is kept for it.
///
/// Every consumer must be read concurrently with the others or released: one read to its end
/// before another starts would wait for it forever.
final class Multicast<Element: Sendable>: Sendable {
    private struct State {
        var buffered: [Element] = []
        /// Index (into the whole stream) of `buffered[0]`.
        var base = 0
        var positions: [Int]
        var active: [Bool]
        var ended = false
        var failure: (any Error)?
        var pulling = false
        /// Moves on every change a waiting consumer could be waiting for.
        var version = 0
        var waiters: [CheckedContinuation<Void, Never>] = []

        /// Records a change and hands back the consumers to wake (outside the lock).
        mutating func changed() -> [CheckedContinuation<Void, Never>] {
            version += 1
            defer { waiters.removeAll() }
            return waiters
        }

        /// Drops what every active consumer has read.
        mutating func trim() -> Bool {
            let slowest = zip(positions, active).filter(\.1).map(\.0).min() ?? (base + buffered.count)
            guard slowest > base else { return false }
            buffered.removeFirst(slowest - base)
            base = slowest
            return true
        }
    }

    /// What a consumer does next, decided under the lock.
    private enum Step {
        case element(Element?, wake: [CheckedContinuation<Void, Never>])
        case fail(any Error)
        case pull
        case wait(version: Int)
    }

    /// Elements a consumer may run ahead of the slowest one.
    let aheadLimit: Int
    private let pull: @Sendable () async throws -> Element?
    private let state: Mutex<State>

    /// Shares what `pull` returns (nil: the end) with `consumers` consumers.
    init(consumers: Int, aheadLimit: Int = 4, pull: @escaping @Sendable () async throws -> Element?) {
        self.aheadLimit = max(1, aheadLimit)
        self.pull = pull
        state = Mutex(State(positions: Array(repeating: 0, count: consumers), active: Array(repeating: true, count: consumers)))
    }

    /// Elements held for the consumers behind, and the consumers waiting: for tests.
    var snapshot: (buffered: Int, waiting: Int, active: [Bool]) {
        state.withLock { ($0.buffered.count, $0.waiters.count, $0.active) }
    }

    /// The next element for consumer `index`, or nil at the end.
    func next(for index: Int) async throws -> Element? {
        while true {
            try Task.checkCancellation()
            let step: Step = state.withLock { state in
                let position = state.positions[index]
                if position < state.base + state.buffered.count {
                    let element = state.buffered[position - state.base]
                    state.positions[index] += 1
                    // Room freed: a consumer waiting because it ran ahead may go on.
                    return .element(element, wake: state.trim() ? state.changed() : [])
                }
                if let failure = state.failure { return .fail(failure) }
                if state.ended { return .element(nil, wake: []) }
                if state.pulling || state.buffered.count >= aheadLimit { return .wait(version: state.version) }
                state.pulling = true
                return .pull
            }
            switch step {
            case .element(let element, let wake):
                wake.forEach { $0.resume() }
                return element
            case .fail(let error):
                throw error
            case .wait(let version):
                await waitForChange(after: version)
            case .pull:
                let outcome: Result<Element?, any Error>
                do {
                    outcome = .success(try await pull())
                } catch {
                    outcome = .failure(error)
                }
                // A pull cancelled because its consumer went away is not the stream's failure:
                // the others go on and one of them pulls again.
                let cancelled = Task.isCancelled && (outcome.error is CancellationError)
                let wake = state.withLock { state in
                    state.pulling = false
                    switch outcome {
                    case .success(let element?): state.buffered.append(element)
                    case .success(nil): state.ended = true
                    case .failure(let error): if !cancelled { state.failure = error }
                    }
                    return state.changed()
                }
                wake.forEach { $0.resume() }
                if cancelled { throw CancellationError() }
            }
        }
    }

    /// Consumer `index` reads no more: it stops counting, and what only it still needed goes.
    func release(_ index: Int) {
        let wake = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.active[index] else { return [] }
            state.active[index] = false
            _ = state.trim()
            return state.changed()
        }
        wake.forEach { $0.resume() }
    }

    /// Suspends until the state moves past `version` or the task is cancelled. No polling: the
    /// change resumes it.
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

extension Result {
    fileprivate var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// One consumer's stream of a multicast of batches. Dropping it releases the consumer.
final class MulticastBatches<Element: Sendable>: BatchSource {
    private let multicast: Multicast<Element>
    private let index: Int
    private let batch: @Sendable (Element) -> RecordBatch

    /// Consumer `index` of `multicast`, turning each element into its batch.
    init(_ multicast: Multicast<Element>, consumer index: Int, batch: @escaping @Sendable (Element) -> RecordBatch) {
        self.multicast = multicast
        self.index = index
        self.batch = batch
    }

    func next() async throws -> RecordBatch? {
        while let element = try await multicast.next(for: index) {
            let batch = batch(element)
            // An empty share without a checkpoint carries nothing.
            if batch.records.isEmpty, batch.checkpoint == nil { continue }
            return batch
        }
        return nil
    }

    deinit { multicast.release(index) }
}

extension Multicast where Element == RecordBatch {
    /// Every batch of `upstream`, for `consumers` consumers.
    convenience init(_ upstream: any BatchSource, consumers: Int) {
        self.init(consumers: consumers) { try await upstream.next() }
    }

    /// The stream of consumer `index`.
    func stream(_ index: Int) -> any BatchSource { MulticastBatches(self, consumer: index) { $0 } }
}

extension Multicast where Element == [RecordBatch] {
    /// The stream of consumer `index`: its share of each element.
    func share(_ index: Int) -> any BatchSource { MulticastBatches(self, consumer: index) { $0[index] } }
}
