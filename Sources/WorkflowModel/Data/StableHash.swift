/// FNV-1a over 64 bits: a hash that is the same in every process (unlike `Hasher`), for
/// fingerprints that are stored and compared by a later run. It detects accidental change, not
/// a forgery; nothing here needs more.
///
///     var hash = StableHash()
///     hash.combine("visitor".utf8)
///     hash.hex  // 16 lowercase hex digits
public struct StableHash: Sendable, Hashable {
    /// The hash so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash of nothing.
    public init() {}

    /// Mixes `bytes` in.
    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        var value = value
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        self.value = value
    }

    /// The value as 16 lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
