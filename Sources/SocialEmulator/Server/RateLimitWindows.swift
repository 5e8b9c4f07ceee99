import Foundation

/// Fixed windows per (account or page, endpoint): a window opens at the first request after the
/// previous one ended and admits `requests` requests until it ends.
struct RateLimitWindows {
    private var windows: [String: (start: Date, count: Int)] = [:]

    /// What the headers of one response say about its window.
    struct Status: Sendable {
        /// Requests allowed in the window.
        var limit: Int
        /// Requests left in the window after this one.
        var remaining: Int
        /// When the window ends, in Unix seconds rounded up.
        var reset: Int
        /// Whether this request is served (false: over the limit).
        var admitted: Bool
        /// Percent of the window's requests used, for Graph's `X-App-Usage`.
        var usedPercent: Int {
            limit == 0 ? 100 : min(100, (limit - remaining) * 100 / limit)
        }
    }

    /// Counts a request against the window of `key`. With `enforced` false the request is always
    /// admitted (the emulator announces a generous limit but never refuses).
    mutating func admit(key: String, limit: RateLimit, enforced: Bool, now: Date) -> Status {
        var window = windows[key] ?? (now, 0)
        if now.timeIntervalSince(window.start) >= limit.window || now < window.start {
            window = (now, 0)
        }
        let reset = Int((window.start.timeIntervalSince1970 + limit.window).rounded(.up))
        guard window.count < limit.requests || !enforced else {
            windows[key] = window
            return Status(limit: limit.requests, remaining: 0, reset: reset, admitted: false)
        }
        window.count += 1
        windows[key] = window
        return Status(limit: limit.requests, remaining: max(0, limit.requests - window.count), reset: reset, admitted: true)
    }

    /// Counts a request against several windows that all apply (a direct message's 15-minute
    /// and 24-hour limits): admitted only if every window has room, and then counted in each.
    /// The status is the refusing window's (the one resetting last) or the one with the fewest
    /// requests left.
    mutating func admit(all limits: [(key: String, limit: RateLimit)], now: Date) -> Status {
        var current: [(start: Date, count: Int)] = []
        var statuses: [Status] = []
        for (key, limit) in limits {
            var window = windows[key] ?? (now, 0)
            if now.timeIntervalSince(window.start) >= limit.window || now < window.start {
                window = (now, 0)
            }
            windows[key] = window
            current.append(window)
            let reset = Int((window.start.timeIntervalSince1970 + limit.window).rounded(.up))
            statuses.append(Status(limit: limit.requests, remaining: limit.requests - window.count, reset: reset, admitted: window.count < limit.requests))
        }
        if let refusal = statuses.filter({ !$0.admitted }).max(by: { $0.reset < $1.reset }) {
            return Status(limit: refusal.limit, remaining: 0, reset: refusal.reset, admitted: false)
        }
        for (offset, item) in limits.enumerated() {
            windows[item.key] = (current[offset].start, current[offset].count + 1)
            statuses[offset].remaining -= 1
        }
        return statuses.min { $0.remaining < $1.remaining }
            ?? Status(limit: 0, remaining: 0, reset: Int(now.timeIntervalSince1970.rounded(.up)), admitted: true)
    }
}
