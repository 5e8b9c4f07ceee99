/// SplitMix64 keyed by (seed, stream, index): every entity of the dataset draws its values from its
/// own generator, so any user, post or comment can be produced from its index alone, in any order.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    /// The generator of one entity: `stream` names the kind of entity, `index` picks one of them.
    init(seed: UInt64, stream: Stream, index: UInt64) {
        state = Self.mix(seed &+ 0x9E37_79B9_7F4A_7C15 &* (stream.rawValue &+ 1))
        state = Self.mix(state ^ (index &* 0xD1B5_4A32_D192_ED03))
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform integer in `0..<bound` (the slight modulo bias is irrelevant for test data).
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }

    /// A uniform value in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with the given probability.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// The SplitMix64 finalizer: a bijection on 64 bits that scatters nearby inputs.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The kinds of entity, each with its own sequence of generators.
    enum Stream: UInt64 {
        case user = 1, xPost, page, pagePost, comment, reaction, person, insight, fault, fbtrace, emptyPage
    }
}
