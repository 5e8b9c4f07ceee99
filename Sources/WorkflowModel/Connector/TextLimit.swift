/// How long a message a network takes, and how it counts length: `validate` checks a literal
/// text with it, `publish` checks each evaluated text.
public enum TextLimit: Sendable, Hashable {
    /// X's weighted length (twitter-text v3): a URL counts 23, heavy characters 2, an emoji 2.
    case weighted(Int)
    /// Unicode characters (extended grapheme clusters), as Facebook and X's DMs count them.
    case characters(Int)

    /// The most a text may have, in the unit of `length(of:)`.
    public var maximum: Int {
        switch self {
        case .weighted(let maximum), .characters(let maximum): maximum
        }
    }

    /// The text's length as the network counts it.
    public func length(of text: String) -> Int {
        switch self {
        case .weighted: TwitterText.weightedLength(text)
        case .characters: text.count
        }
    }

    /// Why the text is too long (its length and the limit), or nil when it fits.
    public func problem(with text: String) -> String? {
        let length = length(of: text)
        guard length > maximum else { return nil }
        switch self {
        case .weighted: return "the text is \(length) long as X counts it (URLs 23, emoji and CJK 2), over the limit of \(maximum)"
        case .characters: return "the text has \(length) characters, over the limit of \(maximum)"
        }
    }
}
