import WorkflowModel

/// Passes a stream on, turning its failures into `ActivityError`s of one activity, so that the
/// engine applies that activity's error policy whoever is pulling.
final class AttributedBatches: BatchSource {
    private let upstream: any BatchSource
    private let activity: Activity

    init(_ upstream: any BatchSource, to activity: Activity) {
        self.upstream = upstream
        self.activity = activity
    }

    func next() async throws -> RecordBatch? {
        do {
            return try await upstream.next()
        } catch {
            throw ActivityError.wrapping(error, in: activity)
        }
    }
}
