import Foundation

/// A fixed-window rate limit: `requests` per `window` seconds.
public struct RateLimit: Sendable, Hashable {
    /// Requests allowed in one window.
    public var requests: Int
    /// The window's length in seconds.
    public var window: Double

    /// Creates a limit.
    public init(requests: Int, window: Double) {
        self.requests = requests
        self.window = window
    }

    /// Reads `REQUESTS/WINDOW`, the window a number with an optional unit: `s` (the default),
    /// `m` or `h`: `15/15m`, `50/1s`, `900/900s`.
    public static func parse(_ text: String) throws -> RateLimit {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw EmulatorConfigurationError.invalidRateLimit(text, reason: "no '/' between the requests and the window")
        }
        guard let requests = Int(parts[0].trimmingCharacters(in: .whitespaces)), requests > 0 else {
            throw EmulatorConfigurationError.invalidRateLimit(text, reason: "'\(parts[0])' is not a positive number of requests")
        }
        var window = parts[1].trimmingCharacters(in: .whitespaces)
        var unit = 1.0
        switch window.last {
        case "s": window.removeLast()
        case "m": window.removeLast(); unit = 60
        case "h": window.removeLast(); unit = 3600
        default: break
        }
        guard let amount = Double(window), amount.isFinite, amount > 0 else {
            throw EmulatorConfigurationError.invalidRateLimit(text, reason: "'\(parts[1])' is not a positive duration")
        }
        // Reset times are whole Unix seconds: a window past a day would only overflow them.
        guard amount * unit <= 86_400 else {
            throw EmulatorConfigurationError.invalidRateLimit(text, reason: "the window '\(parts[1])' is longer than a day (24h)")
        }
        return RateLimit(requests: requests, window: amount * unit)
    }
}

extension RateLimit: CustomStringConvertible {
    /// `15/900s`
    public var description: String {
        let seconds = window.rounded() == window ? String(Int(window)) : String(window)
        return "\(requests)/\(seconds)s"
    }
}
