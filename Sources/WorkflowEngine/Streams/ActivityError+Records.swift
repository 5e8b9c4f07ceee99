import WorkflowModel

extension ActivityError {
    /// An expression failed on a record: `map 'toVisitor', field friends: cannot apply '+' to
    /// string 'x' and int 1 (record id=42, username='ada')`.
    init(_ error: EvaluationError, in activity: Activity, part: String?, record: Record) {
        let place = part.map { "\(activity.kind.name) '\(activity.name)', \($0)" } ?? "\(activity.kind.name) '\(activity.name)'"
        self.init(
            activity: activity.name, message: "\(place): \(error.message) (record \(RecordSummary.of(record)))",
            retryability: error.retryability)
    }

    /// The definition cannot run: a defect `validate` should have caught, or a missing plug-in.
    /// Permanent unless `retryability` says otherwise (the definition will not change).
    init(definition activity: Activity, _ problem: String, retryability: Retryability = .permanent(reason: Self.definitionReason)) {
        self.init(activity: activity.name, message: "\(activity.kind.name) '\(activity.name)': \(problem)", retryability: retryability)
    }

    /// Why a defect of the definition is not retried.
    static let definitionReason = "a defect of the workflow's definition"

    /// Any other failure of `activity`, kept as is unless it already names an activity (or is a
    /// cancellation or a pause, which are not failures of anything). The error's retryability is
    /// kept.
    static func wrapping(_ error: any Error, in activity: Activity) -> any Error {
        if error is ActivityError || error is CancellationError || error is RunPause { return error }
        return ActivityError(definition: activity, "\(error)", retryability: Retryability(of: error))
    }
}
