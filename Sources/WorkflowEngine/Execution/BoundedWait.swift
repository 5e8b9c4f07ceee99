import Synchronization

/// Thrown by `withBoundedWait` when the work did not finish in time.
public struct BoundedWaitExceeded: Error, CustomStringConvertible {
    /// The bound, in seconds.
    public var seconds: Double

    public var description: String { "no answer within \(seconds.rounded() == seconds ? "\(Int(seconds))" : "\(seconds)") s" }
}

/// Runs `work` and returns its result, or throws `BoundedWaitExceeded` after `seconds`, or
/// `CancellationError` as soon as the calling task is cancelled, whichever comes first, without
/// waiting for `work` to notice: a query on a connection whose peer vanished may never return,
/// and neither a stopped server nor SIGTERM may hang wfrun because of it. `work` is cancelled
/// and left to end on its own.
public func withBoundedWait<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
    let race = DeadlineRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            race.start(continuation, seconds: seconds, work)
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// The state of one `withStatementDeadline`: whoever finishes first resumes the caller, once.
private final class DeadlineRace<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var tasks: [Task<Void, Never>] = []
        var outcome: Result<T, any Error>?
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<T, any Error>, seconds: Double, _ work: @escaping @Sendable () async throws -> T) {
        let seconds = seconds
        // Cancelled before it started: answer at once.
        if let early = state.withLock({ $0.outcome }) {
            continuation.resume(with: early)
            return
        }
        state.withLock { $0.continuation = continuation }
        let worker = Task {
            do { self.finish(.success(try await work())) } catch { self.finish(.failure(error)) }
        }
        let timer = Task {
            guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
            self.finish(.failure(BoundedWaitExceeded(seconds: seconds)))
        }
        let finished = state.withLock { state -> Bool in
            state.tasks = [worker, timer]
            return state.outcome != nil
        }
        if finished {
            worker.cancel()
            timer.cancel()
        }
    }

    func finish(_ result: Result<T, any Error>) {
        let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<T, any Error>?, [Task<Void, Never>]) in
            guard state.outcome == nil else { return (nil, []) }
            state.outcome = result
            defer { state.continuation = nil }
            return (state.continuation, state.tasks)
        }
        for task in tasks { task.cancel() }
        continuation?.resume(with: result)
    }
}
