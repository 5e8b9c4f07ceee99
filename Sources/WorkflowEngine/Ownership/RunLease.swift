import Foundation

/// Keeps a run's lease alive while its work goes on: a heartbeat renews it every third of its
/// length. When the lease is lost (another process took the run over after it expired) or
/// cannot be renewed before it would expire (the store is gone), the work is cancelled and
/// the reason returned, so a run never goes on writing as a process that no longer owns it.
struct RunLease: Sendable {
    let store: any WorkflowStore
    let run: Int64
    let owner: RunOwner
    let seconds: Double

    /// Runs `work` under the lease; returns its result and, when the lease was lost, why.
    func hold<T: Sendable>(_ work: @escaping @Sendable () async -> T) async -> (T, String?) {
        let lease = self
        return await withTaskGroup(of: LeaseEvent<T>.self) { group -> (T, String?) in
            group.addTask { .finished(await work()) }
            group.addTask { .lost(await lease.heartbeat()) }
            var result: T?
            var lost: String?
            while let event = await group.next() {
                switch event {
                case .finished(let value):
                    result = value
                    group.cancelAll()
                case .lost(let reason):
                    // nil: the heartbeat stopped because the work finished.
                    if let reason {
                        lost = reason
                        group.cancelAll()
                    }
                }
            }
            // The work always returns (cancelled, it ends as interrupted).
            return (result!, lost)
        }
    }

    /// Renews until cancelled; returns the reason the lease was lost, if it was.
    private func heartbeat() async -> String? {
        let interval = max(0.05, seconds / 3)
        var lastRenewed = ContinuousClock.now
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(interval))
            } catch {
                return nil
            }
            do {
                // Never wait on the store past the lease itself: a renewal that cannot be made
                // in time is as good as lost.
                let left = max(0.05, seconds - (ContinuousClock.now - lastRenewed).seconds)
                let store = store, run = run, owner = owner, seconds = seconds
                guard try await withBoundedWait(seconds: left, { try await store.renewLease(run: run, owner: owner, seconds: seconds) }) else {
                    return "this process lost run \(run): another process took it over after its lease expired; this one stopped"
                }
                lastRenewed = ContinuousClock.now
            } catch {
                if Task.isCancelled { return nil }
                if ContinuousClock.now - lastRenewed >= .seconds(seconds) {
                    return "the run's lease could not be renewed for \(seconds.formatted()) s (\(error)); stopped so that no other process runs it at the same time"
                }
            }
        }
        return nil
    }
}

/// What ends first under a lease: the work, or the heartbeat (with why the lease was lost).
private enum LeaseEvent<T: Sendable>: Sendable {
    case finished(T)
    case lost(String?)
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
