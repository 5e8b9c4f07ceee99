import Foundation

/// What differs between the social APIs behind one `APIClient`: how a request is authorized,
/// how a response is judged, and how the API announces its rate limits.
public protocol APIDialect: Sendable {
    /// The service's name, for messages and `ConnectorFailure.service`.
    var serviceName: String { get }
    /// How messages name the service: `X service 'acme'`.
    var serviceDescription: String { get }
    /// The name of the API's limits in messages: `X rate limit`, `Facebook request limit`.
    var rateLimitName: String { get }

    /// Authorizes one attempt of a request. Called again on every attempt, so signatures carry a
    /// fresh nonce and timestamp (`now` is the run's clock).
    /// - Throws: a `ConnectorFailure` (or `SecretError`) when a credential cannot be read.
    func authorize(_ request: APIRequest, attempt: Int, now: Date) throws -> AuthorizedRequest

    /// Judges a response: success, a wait (rate limit), a retry (transient), or a failure with
    /// a message that says what to do. A 2xx whose body does not decode is retried by the client.
    func verdict(for response: APIResponse, now: Date) -> APIVerdict

    /// Judges a response knowing the request it answers (to name the endpoint in a message).
    /// `APIClient` calls this one; the default calls `verdict(for:now:)`.
    func verdict(for response: APIResponse, to request: APIRequest, now: Date) -> APIVerdict

    /// The rate-limit window a response announces for its endpoint, if the API sends one.
    /// The default reads X's `x-rate-limit-limit/-remaining/-reset` headers.
    func rateLimitWindow(of response: APIResponse) -> RateLimitWindow?
}

extension APIDialect {
    /// How messages name the service, by default `service 'NAME'`.
    public var serviceDescription: String { "service '\(serviceName)'" }

    /// Judges the response alone.
    public func verdict(for response: APIResponse, to request: APIRequest, now: Date) -> APIVerdict {
        verdict(for: response, now: now)
    }

    /// Reads `x-rate-limit-remaining` and `x-rate-limit-reset` (Unix seconds).
    public func rateLimitWindow(of response: APIResponse) -> RateLimitWindow? {
        RateLimitWindow(xHeadersOf: response)
    }
}

/// What to do with a response.
public enum APIVerdict: Sendable {
    /// Use it; wait `pauseBeforeNext` seconds before the next request (to slow down before a
    /// limit bites; usually 0).
    case success(pauseBeforeNext: Double)
    /// A rate limit: wait until this instant, then send the same request again (not counted as a
    /// failed attempt). `reason` names the limit: `X rate limit`.
    case waitUntil(Date, reason: String)
    /// A transient failure (5xx): retry with backoff, counted as an attempt.
    case retry(reason: String)
    /// A permanent failure.
    case fail(ConnectorFailure)
}

/// An endpoint's rate-limit window as the API announced it.
public struct RateLimitWindow: Sendable, Hashable {
    /// Requests allowed per window, if announced.
    public var limit: Int?
    /// Requests left in the window.
    public var remaining: Int
    /// When the window resets.
    public var reset: Date

    /// Creates a window.
    public init(limit: Int? = nil, remaining: Int, reset: Date) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
    }

    /// Reads X's headers; nil unless both `x-rate-limit-remaining` and `x-rate-limit-reset` are
    /// present and numeric.
    public init?(xHeadersOf response: APIResponse) {
        guard let remainingText = response.header("x-rate-limit-remaining"), let remaining = Int(remainingText.trimmingCharacters(in: .whitespaces)),
            let resetText = response.header("x-rate-limit-reset"), let reset = Double(resetText.trimmingCharacters(in: .whitespaces))
        else { return nil }
        self.init(
            limit: response.header("x-rate-limit-limit").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) },
            remaining: remaining, reset: Date(timeIntervalSince1970: reset))
    }
}
