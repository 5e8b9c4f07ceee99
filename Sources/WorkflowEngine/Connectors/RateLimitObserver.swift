import Foundation

/// Told when a connector meets an API's rate limit: it waits for the window to reset, or, when
/// that is longer than the run allows (`--max-wait`), pauses the run (`RunPause`). `wfrun serve`
/// counts these for `/metrics`; the engine and the connectors know nothing of the metrics.
public protocol RateLimitObserver: Sendable {
    /// A request to `service` waits `seconds` for its rate limit before going on.
    func rateLimitWaited(service: String, seconds: Double)
    /// A request to `service` would have waited `seconds`, more than allowed: the run pauses.
    func rateLimitPaused(service: String, seconds: Double)
}
