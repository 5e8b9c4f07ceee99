/// A failure of one activity while it runs, naming the activity so that the engine applies that
/// activity's error policy (even when the failure surfaces while another activity pulls records).
public struct ActivityError: Error, CustomStringConvertible, Sendable {
    /// The name of the activity that failed.
    public var activity: String
    /// What went wrong, with the field and record where that helps.
    public var message: String

    /// Creates the error.
    public init(activity: String, message: String) {
        self.activity = activity
        self.message = message
    }

    public var description: String { message }
}
