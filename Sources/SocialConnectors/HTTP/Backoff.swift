import Foundation
import Synchronization

/// Where backoff jitter comes from: uniform fractions in `0..<1`.
public protocol JitterSource: Sendable {
    /// The next fraction, in `0..<1`.
    func next() -> Double
}

/// Jitter from the system's random generator.
public struct SystemJitter: JitterSource {
    /// Creates the system jitter source.
    public init() {}

    public func next() -> Double { Double.random(in: 0..<1) }
}

/// Reproducible jitter (SplitMix64), for tests and benchmarks.
public final class SeededJitter: JitterSource {
    private let state: Mutex<UInt64>

    /// A source that always yields the same sequence for the same seed.
    public init(seed: UInt64) {
        state = Mutex(seed)
    }

    public func next() -> Double {
        let value = state.withLock { state -> UInt64 in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return Double(value >> 11) / Double(UInt64(1) << 53)
    }
}

/// Exponential backoff with full jitter: the wait before retry `n` (1-based) is a uniform draw
/// in `0 ..< min(cap, base × 2^(n-1))`, which spreads clients out instead of synchronising them.
public struct Backoff: Sendable, Hashable {
    /// The first ceiling, in seconds.
    public var base: Double
    /// The largest ceiling, in seconds.
    public var cap: Double

    /// Creates a backoff schedule.
    public init(base: Double, cap: Double) {
        self.base = base
        self.cap = cap
    }

    /// The ceiling of the wait before retry `retry` (1-based).
    public func ceiling(retry: Int) -> Double {
        let exponent = Double(max(0, min(retry - 1, 60)))
        return min(cap, base * pow(2, exponent))
    }

    /// The wait before retry `retry` for a jitter fraction in `0..<1`.
    public func delay(retry: Int, jitter: Double) -> Double {
        ceiling(retry: retry) * min(max(jitter, 0), 1)
    }
}
