import Foundation

/// Random numbers that a failing test can replay: the seed comes from the environment variable
/// `variable` when set, else from the system, and `replay` says how to run the same draws again.
/// SplitMix64: small, fast, and the same sequence on every platform.
struct ReplayableRandom: RandomNumberGenerator {
    /// The seed of this sequence.
    let seed: UInt64
    /// `WFRUN_CRASH_SEED=123`: the assignment that replays this sequence.
    let replay: String
    private var state: UInt64

    init(variable: String) {
        var system = SystemRandomNumberGenerator()
        let seed = ProcessInfo.processInfo.environment[variable].flatMap { UInt64($0) } ?? system.next()
        self.seed = seed
        replay = "\(variable)=\(seed)"
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
