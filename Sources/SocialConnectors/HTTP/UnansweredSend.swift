import WorkflowEngine

/// A send (a post, a direct message) whose answer never came or could not be read: a timeout, a
/// reset connection, a 5xx, a cut body. The network may have published it, so `APIClient` does
/// not send it again; the publisher reports it as `SendOutcome.unknown` and the engine looks it
/// up before deciding. The message never contains a secret or a URL's query string.
public struct UnansweredSend: Error, CustomStringConvertible, Sendable, Hashable, RetryClassifiable {
    /// The service's name.
    public var service: String
    /// The HTTP status of the answer, when one came (a 5xx, an unreadable 2xx).
    public var status: Int?
    /// What happened, for a person.
    public var message: String

    /// Creates the error.
    public init(service: String, status: Int? = nil, message: String) {
        self.service = service
        self.status = status
        self.message = message
    }

    /// Never retried by a `<retry>` either: sending again could publish twice.
    public var retryability: Retryability { .permanent(reason: "a send that may have gone through is looked up, not sent again") }

    public var description: String { message }
}
