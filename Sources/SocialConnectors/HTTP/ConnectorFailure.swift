import WorkflowEngine

/// A call to a social API that failed for good: which service, the HTTP status and API error code
/// when there was a response, and a message saying what happened and what to do. The message
/// never contains a secret, an `Authorization` value or a URL's query string.
public struct ConnectorFailure: Error, CustomStringConvertible, Sendable, Hashable, RetryClassifiable {
    /// The service's name.
    public var service: String
    /// The HTTP status, when the server answered.
    public var status: Int?
    /// The API's error code (X `errors[0].code`, Facebook `error.code`), when it sent one.
    public var code: Int?
    /// What happened and what to do.
    public var message: String
    /// Whether the fetch's `<retry>` may try again later (the client has already retried its
    /// own transient failures by then).
    public var retryability: Retryability
    /// Set when the error answers a send and says what became of that one message (refused for
    /// this recipient, a duplicate post): a publisher returns it instead of failing the delivery.
    public var sendOutcome: SendOutcome?

    /// Creates a failure; `retryability` defaults to what `status` says (see
    /// `retryability(status:)`).
    public init(
        service: String, status: Int? = nil, code: Int? = nil, message: String, retryability: Retryability? = nil,
        sendOutcome: SendOutcome? = nil
    ) {
        self.service = service
        self.status = status
        self.code = code
        self.message = message
        self.retryability = retryability ?? Self.retryability(status: status)
        self.sendOutcome = sendOutcome
    }

    /// What an HTTP status says about trying again: 408, 420 and 429 (rate limits, timeouts) and
    /// 5xx are transient; 401, 403 and the other 4xx are permanent (credentials, access, the
    /// request itself). No status (no answer) is transient.
    public static func retryability(status: Int?) -> Retryability {
        switch status {
        case nil, 408?, 420?, 429?: .transient
        case 401?: .permanent(reason: "the credentials were refused (HTTP 401)")
        case 403?: .permanent(reason: "access was refused (HTTP 403: the app's permissions or the access tier)")
        case let status? where (400..<500).contains(status): .permanent(reason: "the request was refused (HTTP \(status))")
        case .some: .transient
        }
    }

    /// Why a failure to read a service's secrets is not retried.
    public static let secretReason = "a configuration error (a secret of the service cannot be read)"
    /// Why a request that cannot be built from the service's baseURL is not retried.
    static let baseURLReason = "a configuration error (the service's baseURL)"
    /// Why an API that never answered is not retried: the client fails at once when nothing
    /// answers before any response (`APIClient`), and the engine follows it.
    static let unreachableReason = "a configuration error (nothing answers at the service's baseURL)"

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
