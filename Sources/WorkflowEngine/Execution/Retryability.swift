/// Whether trying an activity again can help. An activity's `<retry>` policy retries only
/// transient failures; a permanent one (a configuration error, refused credentials, an access
/// tier, a 4xx, a bad definition) fails at once, and the run's log says why it was not retried.
public enum Retryability: Sendable, Hashable {
    /// Trying again may succeed: the network, a server error, a timeout, a lock.
    case transient
    /// Trying again gives the same error. `reason` completes "not retried: …" in the run's log
    /// (`a configuration error (a secret cannot be read)`).
    case permanent(reason: String)

    /// How `error` is classified: its own `retryability` when it is `RetryClassifiable`, else
    /// transient.
    ///
    /// Unclassified errors are transient because the retry policy is the workflow author's
    /// explicit request and the errors that nobody classified are the operational ones (a plain
    /// I/O error, a plug-in's network error): retrying a permanent error by mistake costs its
    /// backoff, while not retrying a transient one fails a run that would have succeeded. Every
    /// error whose cause cannot change between attempts (configuration, credentials, access,
    /// the workflow's definition or data) is typed and says so.
    public init(of error: any Error) {
        self = (error as? any RetryClassifiable)?.retryability ?? .transient
    }

    /// True for `.transient`.
    public var isTransient: Bool {
        if case .transient = self { return true }
        return false
    }

    /// The reason a permanent failure is not retried; nil when transient.
    public var permanentReason: String? {
        if case .permanent(let reason) = self { return reason }
        return nil
    }
}

/// An error that knows whether retrying can help. Connector, store and engine errors adopt it;
/// see `Retryability.init(of:)` for errors that do not.
public protocol RetryClassifiable: Error {
    /// Whether trying again can help, and if not, why.
    var retryability: Retryability { get }
}
