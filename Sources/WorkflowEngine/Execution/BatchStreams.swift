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

/// Pulls a stream to its end, dropping the batches (their work — commits — happens on the way).
func drain(_ source: any BatchSource) async throws {
    while try await source.next() != nil {}
}
