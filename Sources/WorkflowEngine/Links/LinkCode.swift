/// The codes of tracked links: 12 characters of base62 (about 71 bits) drawn from the system's
/// cryptographic generator, so that a code cannot be guessed from another one.
public enum LinkCode {
    /// The length of a code.
    public static let length = 12
    /// The longest code `/r/CODE` looks up; anything longer is answered 404 without a lookup.
    public static let longestAccepted = 64
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A new random code.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `text` could be a code: 1 to `longestAccepted` ASCII letters and digits.
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        let utf8 = text.utf8
        return !utf8.isEmpty && utf8.count <= longestAccepted
            && utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }
}
