import Logging

/// Records activity states in the store without making activities wait for it: states queue
/// here and one writer saves everything queued so far in one transaction, keeping only the latest
/// state of each activity. `flush()` waits until all is written; the runner calls it before it
/// records the run's end. A crash can lose the newest states; resuming then runs those
/// activities again, which is safe (control activities have no effects, and record groups resume
/// from their committed checkpoints, which are written with their data, not here).
actor ActivityStateWriter {
    private let store: any WorkflowStore
    private let logger: Logger
    private var pending: [ActivityRunRecord] = []
    private var writer: Task<Void, Never>?

    init(store: any WorkflowStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Queues a state; starts the writer when it is idle. The writer is its own task, so a run
    /// cancelled by SIGINT still records where its activities stopped.
    func enqueue(_ record: ActivityRunRecord) {
        pending.append(record)
        if writer == nil {
            writer = Task { await self.drain() }
        }
    }

    /// Waits until every queued state is written.
    func flush() async {
        while let writer { await writer.value }
    }

    private func drain() async {
        while !pending.isEmpty {
            var latest: [String: Int] = [:]
            var batch: [ActivityRunRecord] = []
            for record in pending {
                if let index = latest[record.activity] {
                    batch[index] = record
                } else {
                    latest[record.activity] = batch.count
                    batch.append(record)
                }
            }
            pending.removeAll(keepingCapacity: true)
            do {
                try await store.saveActivityRuns(batch)
            } catch {
                logger.error("could not record the state of \(batch.count) activities: \(error)")
            }
        }
        writer = nil
    }
}
