import Synchronization

/// A stream that does its work on each batch of another as it is pulled: how `map`, `filter`,
/// `upsert` and the counting of sources stay lazy. It holds one batch at a time.
///
/// A transformed batch keeps its checkpoint even when it has no records left, so that the sink
/// still commits it; an empty batch without a checkpoint carries nothing and is skipped.
final class TransformedBatches: BatchSource {
    private let upstream: any BatchSource
    private let transform: @Sendable (RecordBatch) async throws -> RecordBatch
    private let onEnd: @Sendable () async throws -> Void
    /// Set once the upstream ended, so that neither it nor `onEnd` is called again.
    private let ended = Mutex(false)

    /// Transforms each batch of `upstream`; `onEnd` runs once, when the upstream ends (its
    /// error, if any, is the stream's).
    init(
        _ upstream: any BatchSource, onEnd: @escaping @Sendable () async throws -> Void = {},
        transform: @escaping @Sendable (RecordBatch) async throws -> RecordBatch
    ) {
        self.upstream = upstream
        self.transform = transform
        self.onEnd = onEnd
    }

    func next() async throws -> RecordBatch? {
        while !ended.withLock({ $0 }) {
            guard let batch = try await upstream.next() else {
                ended.withLock { $0 = true }
                try await onEnd()
                return nil
            }
            let transformed = try await transform(batch)
            if transformed.records.isEmpty, transformed.checkpoint == nil { continue }
            return transformed
        }
        return nil
    }
}

/// A stream of batches given up front (an aggregate's result, a test's input).
final class BatchList: BatchSource {
    private let remaining: Mutex<[RecordBatch]>

    /// A stream yielding `batches` in order, then nil.
    init(_ batches: [RecordBatch]) {
        remaining = Mutex(batches.reversed())
    }

    func next() async throws -> RecordBatch? {
        remaining.withLock { $0.popLast() }
    }
}
