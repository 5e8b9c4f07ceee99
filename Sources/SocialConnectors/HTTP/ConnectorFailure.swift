/// A call to a social API that failed for good: which service, the HTTP status and API error code
/// when there was a response, and a message saying what happened and what to do. The message
/// never contains a secret, an `Authorization` value or a URL's query string.
public struct ConnectorFailure: Error, CustomStringConvertible, Sendable, Hashable {
    /// The service's name.
    public var service: String
    /// The HTTP status, when the server answered.
    public var status: Int?
    /// The API's error code (X `errors[0].code`, Facebook `error.code`), when it sent one.
    public var code: Int?
    /// What happened and what to do.
    public var message: String

    /// Creates a failure.
    public init(service: String, status: Int? = nil, code: Int? = nil, message: String) {
        self.service = service
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Limits of one client: timeouts, retries and how long a run may wait for a rate limit.
public struct APILimits: Sendable, Hashable {
    /// Seconds one request may take, connection included.
    public var requestTimeout: Double = 30
    /// Attempts per request before giving up on transient failures (rate-limit waits do not count).
    public var maxAttempts: Int = 8
    /// The first backoff's upper bound, in seconds; doubles at each attempt.
    public var backoffBase: Double = 0.5
    /// The largest backoff, in seconds.
    public var backoffCap: Double = 60
    /// The longest single wait (rate limit or backoff), in seconds, before the run pauses with
    /// `RunPause` instead; nil = wait as long as needed.
    public var maxWait: Double? = nil

    /// Creates limits; every value has a sensible default.
    public init(requestTimeout: Double = 30, maxAttempts: Int = 8, backoffBase: Double = 0.5, backoffCap: Double = 60, maxWait: Double? = nil) {
        self.requestTimeout = requestTimeout
        self.maxAttempts = maxAttempts
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.maxWait = maxWait
    }
}
