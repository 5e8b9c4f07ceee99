import Foundation

/// How an emulator behaves: the size of its dataset, its limits and the faults it injects.
///
/// ```swift
/// var configuration = EmulatorConfiguration(followers: 10_000)
/// configuration.rateLimit = try RateLimit.parse("15/15m")
/// let emulator = try await SocialEmulator.start(configuration)
/// ```
public struct EmulatorConfiguration: Sendable {
    /// Seeds every generated value: the same seed gives the same people, posts and faults.
    public var seed: UInt64
    /// Followers of each X account.
    public var followers: Int
    /// Facebook pages (the first is `wfrunpage`, then `wfrunpage2`, …).
    public var pages: Int
    /// Requests allowed per window, per account or page and endpoint. Nil: the headers announce
    /// a generous limit and no request is ever refused.
    public var rateLimit: RateLimit?
    /// Faults injected into API requests.
    public var faults: FaultPlan
    /// Seconds a `timeout` fault holds its response (a shutdown ends the wait).
    public var timeoutFaultDelay: Double
    /// The X app has no v1.1 access: every v1.1 call is refused with 403 code 453.
    public var v1AccessDenied: Bool
    /// Graph calls without `appsecret_proof` are refused (as when the app requires it).
    public var requireAppSecretProof: Bool
    /// The emulator's clock: rate-limit windows, OAuth timestamps, the age of posts, insights.
    public var now: @Sendable () -> Date

    /// Creates a configuration; every value has a default.
    public init(
        seed: UInt64 = 1, followers: Int = 2_500, pages: Int = 1, rateLimit: RateLimit? = nil,
        faults: FaultPlan = .none, timeoutFaultDelay: Double = 30, v1AccessDenied: Bool = false,
        requireAppSecretProof: Bool = true, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.seed = seed
        self.followers = max(followers, 0)
        self.pages = max(pages, 0)
        self.rateLimit = rateLimit
        self.faults = faults
        self.timeoutFaultDelay = timeoutFaultDelay
        self.v1AccessDenied = v1AccessDenied
        self.requireAppSecretProof = requireAppSecretProof
        self.now = now
    }
}

/// A rate-limit or fault specification that cannot be read, with what was expected.
public enum EmulatorConfigurationError: Error, CustomStringConvertible, Equatable {
    /// `--rate-limit` is not `REQUESTS/WINDOW`.
    case invalidRateLimit(String, reason: String)
    /// `--faults` is not a list of `KIND:PERCENT%`.
    case invalidFaults(String, reason: String)

    /// What went wrong and what was expected, for a person.
    public var description: String {
        switch self {
        case .invalidRateLimit(let text, let reason):
            "invalid rate limit '\(text)': \(reason) (expected REQUESTS/WINDOW, e.g. 15/15m, 50/1s, 900/900s)"
        case .invalidFaults(let text, let reason):
            "invalid fault plan '\(text)': \(reason) (expected KIND:PERCENT%,… with KIND one of 503, timeout, badjson, reset, e.g. 503:5%,timeout:1%)"
        }
    }
}
