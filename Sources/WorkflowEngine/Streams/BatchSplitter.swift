/// Splits one stream into two (a `test`'s `then` and `else`): each upstream batch is routed
/// into two batches, one per side, both keeping the upstream batch's checkpoint. Pulling either
/// side pulls the upstream when that side has nothing buffered, and keeps the other side's
/// share for it.
///
/// Memory: while both sides are being read, a side that runs ahead waits once the other side
/// has `bufferLimit` batches waiting, so at most `bufferLimit` batches are held per side. A side
/// that has not been read yet cannot make the other wait (the engine may read the two one after
/// the other, and waiting would then never end), so its share is kept whole until it is read:
/// in that case memory grows with the records routed to it. A side whose stream is released
/// unread gets nothing kept.
final class BatchSplitter: Sendable {
    /// The two sides, in the order `route` returns their shares.
    let first: any BatchSource
    let second: any BatchSource
    /// A view of the shared state for tests; it keeps neither side alive.
    let probe: Probe

    /// Splits `upstream`; `route` turns one batch into the two sides' batches.
    /// `onEnd` runs once, when the upstream ends.
    init(
        _ upstream: any BatchSource, bufferLimit: Int = 4, onEnd: @escaping @Sendable () async -> Void = {},
        route: @escaping @Sendable (RecordBatch) async throws -> (RecordBatch, RecordBatch)
    ) {
        let core = Core(upstream: upstream, bufferLimit: max(1, bufferLimit), onEnd: onEnd, route: route)
        first = Side(core: core, index: 0)
        second = Side(core: core, index: 1)
        probe = Probe(core: core)
    }

    /// What the splitter holds and who waits, so that a test can wait for a state instead of
    /// sleeping.
    struct Probe: Sendable {
        fileprivate let core: Core

        /// Batches kept for each side.
        func buffered() async -> [Int] { await core.buffered }
        /// Which sides were released unread.
        func released() async -> [Bool] { await core.releasedSides }
        /// Pulls suspended until the buffers or the upstream change.
        func waiting() async -> Int { await core.waiting }
    }

    /// One side's stream.
    private final class Side: BatchSource {
        let core: Core
        let index: Int

        init(core: Core, index: Int) {
            self.core = core
            self.index = index
        }

        func next() async throws -> RecordBatch? { try await core.next(for: index) }

        deinit {
            let core = core, index = index
            Task { await core.release(index) }
        }
    }

    /// The shared state. An actor: the upstream is pulled by one side at a time (the other
    /// waits on a continuation, not a busy loop), and `route` may await.
    fileprivate actor Core {
        private let upstream: any BatchSource
        private let bufferLimit: Int
        private let route: @Sendable (RecordBatch) async throws -> (RecordBatch, RecordBatch)
        private let onEnd: @Sendable () async -> Void

        private var buffers = [BatchQueue(), BatchQueue()]
        private var reading = [false, false]
        private var released = [false, false]
        private var pulling = false
        private var ended = false
        private var failure: (any Error)?
        private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        private var nextWaiter = 0

        init(
            upstream: any BatchSource, bufferLimit: Int, onEnd: @escaping @Sendable () async -> Void,
            route: @escaping @Sendable (RecordBatch) async throws -> (RecordBatch, RecordBatch)
        ) {
            self.upstream = upstream
            self.bufferLimit = bufferLimit
            self.onEnd = onEnd
            self.route = route
        }

        func next(for side: Int) async throws -> RecordBatch? {
            reading[side] = true
            let other = 1 - side
            while true {
                try Task.checkCancellation()
                if let batch = buffers[side].pop() {
                    wakeWaiters()
                    return batch
                }
                // Both sides see a failure: the other must not take it for the end of its records.
                if let failure { throw failure }
                if ended { return nil }
                let otherIsFull = reading[other] && !released[other] && buffers[other].count >= bufferLimit
                if pulling || otherIsFull {
                    await wait()
                    continue
                }
                pulling = true
                do {
                    if let batch = try await upstream.next() {
                        let shares = try await route(batch)
                        keep(shares.0, for: 0)
                        keep(shares.1, for: 1)
                    } else {
                        ended = true
                        await onEnd()
                    }
                } catch {
                    failure = error
                }
                pulling = false
                wakeWaiters()
            }
        }

        var buffered: [Int] { buffers.map(\.count) }
        var releasedSides: [Bool] { released }
        var waiting: Int { waiters.count }

        /// A side's stream was released: nothing more is kept for it.
        func release(_ side: Int) {
            released[side] = true
            buffers[side] = BatchQueue()
            wakeWaiters()
        }

        private func keep(_ batch: RecordBatch, for side: Int) {
            guard !released[side], !(batch.records.isEmpty && batch.checkpoint == nil) else { return }
            buffers[side].push(batch)
        }

        /// Suspends until the buffers or the upstream change, or the task is cancelled.
        private func wait() async {
            let id = nextWaiter
            nextWaiter += 1
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    if Task.isCancelled { continuation.resume() } else { waiters[id] = continuation }
                }
            } onCancel: {
                Task { await self.wake(id) }
            }
        }

        private func wake(_ id: Int) {
            waiters.removeValue(forKey: id)?.resume()
        }

        private func wakeWaiters() {
            let waiting = waiters.values
            waiters.removeAll()
            for waiter in waiting { waiter.resume() }
        }
    }
}

/// A first-in first-out queue of batches that does not shift its storage on every pop.
struct BatchQueue: Sendable {
    private var items: [RecordBatch] = []
    private var head = 0

    /// Batches waiting.
    var count: Int { items.count - head }

    /// Adds a batch at the end.
    mutating func push(_ batch: RecordBatch) { items.append(batch) }

    /// Takes the first batch, if any.
    mutating func pop() -> RecordBatch? {
        guard head < items.count else { return nil }
        let batch = items[head]
        items[head] = RecordBatch(records: [])  // the queue no longer holds the records
        head += 1
        if head >= 32, head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return batch
    }
}
