/// A word of a list-valued attribute (`days="monday thursday"`) and where it starts.
struct ScheduleToken: Sendable, Hashable {
    /// The word.
    var text: String
    /// 0-based offset in Unicode scalars.
    var offset: Int

    /// Splits `text` at white space and at `separator` characters, keeping each word's offset.
    static func split(_ text: String, separators: Set<Unicode.Scalar> = [","]) -> [ScheduleToken] {
        var tokens: [ScheduleToken] = []
        var current = String.UnicodeScalarView()
        var start = 0
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if scalar.properties.isWhitespace || separators.contains(scalar) {
                if !current.isEmpty { tokens.append(ScheduleToken(text: String(current), offset: start)) }
                current = String.UnicodeScalarView()
            } else {
                if current.isEmpty { start = offset }
                current.append(scalar)
            }
        }
        if !current.isEmpty { tokens.append(ScheduleToken(text: String(current), offset: start)) }
        return tokens
    }

    /// True when the word is one or more ASCII digits and nothing else (no sign, no spaces).
    var isDigits: Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }
}
