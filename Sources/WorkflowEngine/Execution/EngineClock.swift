import Foundation
import Synchronization

/// Time as the engine sees it. Real runs use `SystemClock`; tests use `ManualClock` and never
/// sleep for real.
public protocol EngineClock: Sendable {
    /// The current instant.
    func now() -> Date
    /// Suspends for `seconds` (cancellable).
    func sleep(seconds: Double) async throws
}

/// The wall clock.
public struct SystemClock: EngineClock {
    /// Creates the wall clock.
    public init() {}

    public func now() -> Date { Date() }

    /// Sleeps `seconds`, at most `longestSleep`; zero, negative and NaN return at once.
    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(min(seconds, Self.longestSleep) * 1_000_000_000))
    }

    /// The longest single sleep: a little over `WorkflowDuration.maximum` (365 days), far below
    /// the 584 years at which nanoseconds overflow `UInt64`. Validation refuses longer durations;
    /// this keeps the conversion safe whatever a caller passes.
    public static let longestSleep: Double = 400 * 86_400
}

/// A clock that moves only when told to: `sleep` returns at once and advances the time, and
/// every sleep is recorded, so a test can assert the exact backoff waits.
public final class ManualClock: EngineClock {
    private let state: Mutex<(now: Date, sleeps: [Double])>

    /// A clock starting at `start`.
    public init(start: Date) {
        state = Mutex((start, []))
    }

    public func now() -> Date { state.withLock { $0.now } }

    public func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(seconds)
            $0.now = $0.now.addingTimeInterval(max(0, seconds))
        }
    }

    /// Every sleep requested so far, in seconds, in order.
    public var sleeps: [Double] { state.withLock { $0.sleeps } }

    /// Moves the time forward.
    public func advance(by seconds: Double) {
        state.withLock { $0.now = $0.now.addingTimeInterval(seconds) }
    }
}
