import Synchronization

/// Reads the next batch of a stream while its consumer works on the current one, so that a sink
/// writing batch N (SQLite, PostgreSQL) overlaps with parsing and mapping batch N+1 on the other
/// core. Order is kept and at most one batch is read ahead, so memory stays bounded and
/// checkpoints are still committed in order.
final class PrefetchedBatches: BatchSource {
    private let upstream: any BatchSource
    private let ahead = Mutex<Task<RecordBatch?, any Error>?>(nil)

    init(_ upstream: any BatchSource) {
        self.upstream = upstream
    }

    func next() async throws -> RecordBatch? {
        let pending = ahead.withLock { task in
            defer { task = nil }
            return task
        }
        let batch: RecordBatch?
        if let pending {
            batch = try await withTaskCancellationHandler {
                try await pending.value
            } onCancel: {
                pending.cancel()
            }
        } else {
            batch = try await upstream.next()
        }
        guard batch != nil, !Task.isCancelled else { return batch }
        let upstream = upstream
        ahead.withLock { $0 = Task { try await upstream.next() } }
        return batch
    }

    deinit {
        ahead.withLock { $0?.cancel() }
    }
}
