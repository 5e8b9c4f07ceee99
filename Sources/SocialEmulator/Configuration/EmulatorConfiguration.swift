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
    /// Whether the test account (`wfrun_proofs`) is protected, as a proof's recipient must be.
    /// False makes it public, so that tests can see a proof refused.
    public var testAccountProtected = true
    /// Direct messages each sending account may send per window. Nil: X's limits (v1.1
    /// 1,000 per 24 h; v2 200 per 15 min and 1,000 per 24 h) when `rateLimit` is set, none
    /// otherwise. A list replaces the limits of both versions; an empty list is no limit.
    public var directMessageLimits: [RateLimit]?
    /// Every Nth generated person (by index: N−1, 2N−1, …) does not accept direct messages;
    /// 0: everybody does.
    public var closedDirectMessagesEvery = 50
    /// Seconds a `slowsend` fault holds the answer to a send it has already recorded (a
    /// shutdown ends the wait).
    public var slowSendDelay: Double = 2

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

    /// X's direct message limits per sending account: v1.1 1,000 per 24 h.
    public static let xV1DirectMessageLimits = [RateLimit(requests: 1_000, window: 86_400)]
    /// X's direct message limits per sending account: v2 200 per 15 min and 1,000 per 24 h.
    public static let xV2DirectMessageLimits = [RateLimit(requests: 200, window: 900), RateLimit(requests: 1_000, window: 86_400)]

    /// The direct message limits in force for a version (`v1`: v1.1), empty when none are.
    public func effectiveDirectMessageLimits(v1: Bool) -> [RateLimit] {
        if let directMessageLimits { return directMessageLimits }
        guard rateLimit != nil else { return [] }
        return v1 ? Self.xV1DirectMessageLimits : Self.xV2DirectMessageLimits
    }
}

extension RateLimit {
    /// Reads `200/15m,1000/24h` (limits that all apply) or `none` (an empty list).
    public static func parseList(_ text: String) throws -> [RateLimit] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "none" { return [] }
        guard !trimmed.isEmpty else {
            throw EmulatorConfigurationError.invalidDirectMessageLimits(text, reason: "no limit given")
        }
        return try trimmed.split(separator: ",", omittingEmptySubsequences: false).map { item in
            do {
                return try RateLimit.parse(String(item))
            } catch EmulatorConfigurationError.invalidRateLimit(_, let reason) {
                throw EmulatorConfigurationError.invalidDirectMessageLimits(text, reason: "'\(item)': \(reason)")
            }
        }
    }
}

/// A rate-limit or fault specification that cannot be read, with what was expected.
public enum EmulatorConfigurationError: Error, CustomStringConvertible, Equatable {
    /// `--rate-limit` is not `REQUESTS/WINDOW`.
    case invalidRateLimit(String, reason: String)
    /// `--faults` is not a list of `KIND:PERCENT%`.
    case invalidFaults(String, reason: String)
    /// `--dm-limit` is not a list of `MESSAGES/WINDOW` (or `none`).
    case invalidDirectMessageLimits(String, reason: String)

    /// What went wrong and what was expected, for a person.
    public var description: String {
        switch self {
        case .invalidRateLimit(let text, let reason):
            "invalid rate limit '\(text)': \(reason) (expected REQUESTS/WINDOW, e.g. 15/15m, 50/1s, 900/900s)"
        case .invalidDirectMessageLimits(let text, let reason):
            "invalid direct message limits '\(text)': \(reason) (expected MESSAGES/WINDOW,… or none, e.g. 200/15m,1000/24h)"
        case .invalidFaults(let text, let reason):
            "invalid fault plan '\(text)': \(reason) (expected KIND:PERCENT%,… with KIND one of 503, timeout, badjson, reset, slowsend, e.g. 503:5%,timeout:1%)"
        }
    }
}
