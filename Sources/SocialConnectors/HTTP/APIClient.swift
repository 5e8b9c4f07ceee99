import Foundation
import Logging
import SocialAuth
import Synchronization
import WorkflowEngine
import WorkflowModel

/// The one HTTP retry policy of wfrun: sends a service's requests, waits out rate limits before
/// they bite, retries transient failures with jittered exponential backoff, and turns everything
/// else into a `ConnectorFailure` that says what to do. All waiting goes through the run's clock.
///
/// - 5xx, timeouts, resets, and a 2xx whose body does not decode (a truncated response) are retried
///   up to `limits.maxAttempts` attempts, waiting `Backoff(base, cap)` with full jitter between them.
/// - Per endpoint, once `x-rate-limit-remaining` reaches 0 the next request waits until the reset;
///   a 429 waits until the reset (60 s without one) and is not counted as a failed attempt.
/// - A wait longer than `limits.maxWait` throws `RunPause` instead.
/// - A connection refused before the API ever answered fails at once: the base URL or the network
///   is wrong, retrying will not help.
/// - A send (`retriesAmbiguousFailures == false`) is never retried after a failure that may have
///   let it through (a timeout, a reset, a 5xx, an unreadable 2xx): `UnansweredSend` says so
///   after that one attempt. Rate limits (nothing was sent) are waited out as for any request.
public final class APIClient: Sendable {
    /// How the API signs and judges.
    public let dialect: any APIDialect
    /// The connection pool.
    public let transport: HTTPTransport
    /// The run's clock.
    public let clock: any EngineClock
    /// Timeouts, attempts, waits.
    public let limits: APILimits
    private let jitter: any JitterSource
    private let logger: Logger
    private let rateLimits: (any RateLimitObserver)?
    private let state = Mutex(State())

    /// Consecutive rate-limit waits of one request before giving up: a server that keeps answering
    /// 429 after its announced reset is broken, not busy.
    static let maxRateLimitWaits = 20

    private struct State {
        var windows: [String: RateLimitWindow] = [:]
        var notBefore: Date?
        var reached = false
    }

    /// Creates a client for one service.
    public init(
        dialect: any APIDialect, transport: HTTPTransport, clock: any EngineClock, limits: APILimits,
        jitter: any JitterSource = SystemJitter(), logger: Logger = Logger(label: "wfrun.http"),
        rateLimits: (any RateLimitObserver)? = nil
    ) {
        self.dialect = dialect
        self.transport = transport
        self.clock = clock
        self.limits = limits
        self.jitter = jitter
        self.logger = logger
        self.rateLimits = rateLimits
    }

    /// Sends a request until the dialect accepts its response, and returns that response.
    /// - Throws: `ConnectorFailure`, `RunPause`, `CancellationError`.
    public func send(_ request: APIRequest) async throws -> APIResponse {
        try await perform(request) { $0 }
    }

    /// Sends a request and reads its JSON body; a 2xx body that does not read is retried like
    /// a 5xx (it is a truncated response).
    func decode<T: JSONResponse>(_ type: T.Type, from request: APIRequest) async throws -> T {
        try await perform(request) { response in try T(json: JSONNode(body: response.body)) }
    }

    /// The rate-limit window last announced for an endpoint.
    public func window(for endpoint: String) -> RateLimitWindow? {
        state.withLock { $0.windows[endpoint] }
    }

    /// Sends a request until the dialect accepts a response that `accept` can read.
    public func perform<T>(_ request: APIRequest, accept: (APIResponse) throws -> T) async throws -> T {
        var failedAttempts = 0
        var rateLimitWaits = 0
        var lastStatus: Int?
        let shownURL = Redaction.url(request.url)
        while true {
            try await waitBeforeSending(request)
            let authorized = try dialect.authorize(request, attempt: failedAttempts + rateLimitWaits + 1, now: clock.now())
            let cause: String
            // Whether the failure may have let the request through (false: it surely did not).
            var mayHaveGoneThrough = true
            var attemptStatus: Int?
            do {
                let response = try await transport.execute(
                    method: request.method, url: authorized.url, headers: headers(for: request, authorized),
                    body: body(of: request), timeout: limits.requestTimeout)
                let now = clock.now()
                lastStatus = response.status
                attemptStatus = response.status
                state.withLock { state in
                    state.reached = true
                    if let window = dialect.rateLimitWindow(of: response) { state.windows[request.endpoint] = window }
                }
                switch dialect.verdict(for: response, to: request, now: now) {
                case .success(let pause):
                    do {
                        let value = try accept(response)
                        if pause > 0 { state.withLock { $0.notBefore = now.addingTimeInterval(pause) } }
                        return value
                    } catch {
                        cause = "HTTP \(response.status) with an unreadable body (\(Self.summary(of: error)))"
                    }
                case .waitUntil(let date, let reason):
                    rateLimitWaits += 1
                    guard rateLimitWaits <= Self.maxRateLimitWaits else {
                        throw ConnectorFailure(
                            service: dialect.serviceName, status: response.status,
                            message: "\(dialect.serviceDescription): \(request.endpoint) is still rate limited after \(Self.maxRateLimitWaits) waits for the announced reset; run again later")
                    }
                    logger.info("rate limited", metadata: ["service": "\(dialect.serviceName)", "endpoint": "\(request.endpoint)"])
                    try await wait(until: max(date, now.addingTimeInterval(1)), reason: reason, endpoint: request.endpoint)
                    continue
                case .retry(let reason):
                    cause = reason
                case .fail(let failure):
                    throw failure
                }
            } catch let error as HTTPTransportError {
                let reached = state.withLock { $0.reached }
                if !reached && (error.kind == .connectionRefused || error.kind == .hostNotFound) {
                    throw ConnectorFailure(
                        service: dialect.serviceName,
                        message: "cannot reach \(Redaction.origin(request.url)) (\(error.kind.rawValue)): check baseURL of service '\(dialect.serviceName)' and the network",
                        retryability: .permanent(reason: ConnectorFailure.unreachableReason))
                }
                cause = "\(error) from \(shownURL)"
                mayHaveGoneThrough = error.requestMayHaveBeenSent
            }
            if !request.retriesAmbiguousFailures && mayHaveGoneThrough {
                throw UnansweredSend(service: dialect.serviceName, status: attemptStatus, message: "\(dialect.serviceDescription): \(request.method) \(shownURL) got no usable answer (\(cause)); it may have gone through, so it is not sent again")
            }
            failedAttempts += 1
            logger.debug("attempt failed", metadata: ["service": "\(dialect.serviceName)", "endpoint": "\(request.endpoint)", "cause": "\(cause)"])
            guard failedAttempts < limits.maxAttempts else {
                throw ConnectorFailure(
                    service: dialect.serviceName, status: lastStatus,
                    message: "\(dialect.serviceDescription): \(request.method) \(shownURL) failed \(failedAttempts) times; last cause: \(cause). The API may be down or overloaded: run again later",
                    retryability: .transient)
            }
            let delay = Backoff(base: limits.backoffBase, cap: limits.backoffCap).delay(retry: failedAttempts, jitter: jitter.next())
            if let maxWait = limits.maxWait, delay > maxWait {
                let resumeAt = clock.now().addingTimeInterval(delay)
                throw RunPause(reason: "\(dialect.serviceDescription): retrying \(request.endpoint) needs a \(Self.seconds(delay)) s pause (\(cause))", resumeAt: resumeAt)
            }
            try await clock.sleep(seconds: delay)
        }
    }

    /// Waits for a pause asked by the previous response, then for the endpoint's rate-limit
    /// window if it is used up.
    private func waitBeforeSending(_ request: APIRequest) async throws {
        let now = clock.now()
        let (notBefore, window) = state.withLock { state in
            let notBefore = state.notBefore
            state.notBefore = nil
            return (notBefore, state.windows[request.endpoint])
        }
        if let notBefore, notBefore > now {
            try await wait(until: notBefore, reason: dialect.rateLimitName, endpoint: request.endpoint)
        }
        if let window, window.remaining <= 0, window.reset > clock.now() {
            try await wait(until: window.reset, reason: dialect.rateLimitName, endpoint: request.endpoint)
            state.withLock { _ = $0.windows.removeValue(forKey: request.endpoint) }
        }
    }

    /// Sleeps on the run's clock until `date`, or throws `RunPause` when that is longer than allowed.
    private func wait(until date: Date, reason: String, endpoint: String) async throws {
        let seconds = date.timeIntervalSince(clock.now())
        guard seconds > 0 else { return }
        if let maxWait = limits.maxWait, seconds > maxWait {
            rateLimits?.rateLimitPaused(service: dialect.serviceName, seconds: seconds)
            throw RunPause(
                reason: "\(reason) for \(endpoint) of service '\(dialect.serviceName)' resets at \(Self.timestamp(date))",
                resumeAt: date)
        }
        rateLimits?.rateLimitWaited(service: dialect.serviceName, seconds: seconds)
        try await clock.sleep(seconds: seconds)
    }

    private func headers(for request: APIRequest, _ authorized: AuthorizedRequest) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("Accept", "application/json"), ("User-Agent", "wfrun")]
        if request.form != nil {
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
        } else if request.json != nil {
            headers.append(("Content-Type", "application/json"))
        }
        return headers + authorized.headers
    }

    private func body(of request: APIRequest) -> Data? {
        if let form = request.form { return Data(OAuth1.encodeForm(form).utf8) }
        return request.json
    }

    /// `2026-03-05T09:15:00Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func seconds(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// A decoding error in one line, without the data it choked on.
    static func summary(of error: any Error) -> String {
        switch error {
        case is JSONSyntaxError, DecodingError.dataCorrupted: "not valid JSON"
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "unexpected value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "\(type(of: error))"
        }
    }
}
