import Synchronization
import WorkflowModel

/// What a record activity does with a record whose expression fails. By default the activity
/// fails with an `ActivityError` naming it, the field and the record. With
/// `errorPolicy="ignore"` (and no `onError` transition, which takes precedence) the record is
/// logged as a warning and dropped, and the others go on. One handler serves one activation.
final class RecordErrorHandler: Sendable {
    /// Warnings written per activation; past it, drops are only counted, so that a file of bad
    /// records does not flood the run log.
    static let loggedLimit = 100

    private let activity: Activity
    /// True when failing records are dropped rather than failing the activity.
    let dropsRecords: Bool
    private let state = Mutex((dropped: 0, finished: false))

    /// A handler for one activation of `activity`.
    init(_ activity: Activity) {
        self.activity = activity
        dropsRecords = activity.errorPolicy.outcome == .ignore && !activity.transitions.contains { $0.kind == .onError }
    }

    /// Throws the failure as an `ActivityError`, or logs it and returns (the caller drops the record).
    func handle(_ failure: RecordFailure, record: Record, context: ActivityContext) async throws {
        let error = ActivityError(failure.error, in: activity, part: failure.part, record: record)
        guard dropsRecords else { throw error }
        await dropped(error.message, context: context)
    }

    /// Logs that a record was dropped, and why (only the first `loggedLimit` are logged).
    func dropped(_ message: String, context: ActivityContext) async {
        let count = state.withLock { state in
            state.dropped += 1
            return state.dropped
        }
        if count <= Self.loggedLimit {
            await context.log(.warning, "\(message); record dropped (errorPolicy=ignore)")
        } else if count == Self.loggedLimit + 1 {
            await context.log(.warning, "more records fail the same way; they are dropped and counted, not logged one by one")
        }
    }

    /// Logs how many records were dropped in all, when some were not logged one by one (once).
    func finish(context: ActivityContext) async {
        let (count, first) = state.withLock { state in
            defer { state.finished = true }
            return (state.dropped, !state.finished)
        }
        if first, count > Self.loggedLimit {
            await context.log(.warning, "\(count) records dropped in all (errorPolicy=ignore)")
        }
    }
}
