/// A failure of one activity while it runs, naming the activity so that the engine applies that
/// activity's error policy (even when the failure surfaces while another activity pulls records).
public struct ActivityError: Error, CustomStringConvertible, Sendable, RetryClassifiable {
    /// The name of the activity that failed.
    public var activity: String
    /// What went wrong, with the field and record where that helps.
    public var message: String
    /// Whether the activity's `<retry>` may try again: an error built from a message alone is
    /// unclassified, hence transient (see `Retryability.init(of:)`).
    public var retryability: Retryability

    /// Creates the error.
    public init(activity: String, message: String, retryability: Retryability = .transient) {
        self.activity = activity
        self.message = message
        self.retryability = retryability
    }

    public var description: String { message }
}
