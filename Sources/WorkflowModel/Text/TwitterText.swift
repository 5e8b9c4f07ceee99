import Foundation

/// The length X gives a post, so that `validate` and the publish activity refuse a text X would refuse.
///
/// It follows twitter-text's configuration v3: the text is NFC-normalized; each URL counts 23 whatever
/// its length; each emoji sequence (ZWJ sequences, skin tones, flags, keycaps, FE0F presentation)
/// counts 2 as one unit; any other code point counts 1 in the light ranges (Latin, Greek, Cyrillic,
/// … up to U+10FF, and the general punctuation ranges below) and 2 elsewhere (CJK, most symbols).
///
/// ```swift
/// TwitterText.weightedLength("Hi http://test.co")   // 26: "Hi " is 3, the URL 23
/// TwitterText.weightedLength("故人西辞")              // 8
/// TwitterText.weightedLength("👨‍👩‍👧‍👦")                // 2
/// ```
///
/// URLs are found by a single linear scan, not twitter-text's full regex: http/https URLs and bare
/// domains whose top-level domain is in a built-in list (common generic ones and every country code).
public enum TwitterText {
    /// X's weighted length of a post (twitter-text configuration v3).
    public static func weightedLength(_ text: String) -> Int {
        let normalized = text.precomposedStringWithCanonicalMapping
        let links = URLScanner(normalized.unicodeScalars).linkRanges()
        var weight = 0
        var offset = 0
        var next = 0  // the first link that does not end before `offset`
        for character in normalized {
            let scalars = character.unicodeScalars
            let end = offset + scalars.count
            while next < links.count && links[next].upperBound <= offset { next += 1 }
            if next < links.count && links[next].lowerBound < end {
                // A link begins or ends inside this character: weigh it scalar by scalar.
                for (position, scalar) in zip(offset..<end, scalars) {
                    while next < links.count && links[next].upperBound <= position { next += 1 }
                    if next < links.count && links[next].contains(position) {
                        if position == links[next].lowerBound { weight += transformedURLLength * scale }
                    } else {
                        weight += Self.weight(of: scalar)
                    }
                }
            } else if isEmojiSequence(character) {
                weight += defaultWeight
            } else {
                for scalar in scalars { weight += Self.weight(of: scalar) }
            }
            offset = end
        }
        return weight / scale
    }

    /// 280.
    public static let maxWeightedLength: Int = 280

    /// Each URL found in the text with its range, as twitter-text's extractor finds them
    /// (http/https URLs and bare domains with a valid TLD such as example.com/path).
    public static func urls(in text: String) -> [Range<String.Index>] {
        let scalars = text.unicodeScalars
        let links = URLScanner(scalars).linkRanges()
        guard !links.isEmpty else { return [] }
        var indices = Array(scalars.indices)
        indices.append(scalars.endIndex)
        return links.map { indices[$0.lowerBound]..<indices[$0.upperBound] }
    }

    // twitter-text config v3 (config/v3.json).
    static let scale = 100
    static let defaultWeight = 200
    static let transformedURLLength = 23

    /// A code point's weight: 100 in the light ranges of the v3 configuration, 200 elsewhere.
    static func weight(of scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0...0x10FF, 0x2000...0x200D, 0x2010...0x201F, 0x2032...0x2037: 100
        default: defaultWeight
        }
    }

    /// Whether a grapheme cluster is one emoji as twitter-text's emoji regex sees it.
    ///
    /// Emoji that default to text (©, ☺, ❤, ☝) count as emoji only when they ask for emoji
    /// presentation (U+FE0F) or carry a skin tone; `#`, `*` and digits only as keycaps (U+20E3), so
    /// "1" weighs 1 and "1⃣" one emoji.
    static func isEmojiSequence(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return false }
        if first.properties.isEmojiPresentation { return true }
        guard first.properties.isEmoji else { return false }
        if first.isASCII { return scalars.contains("\u{20E3}") }
        return scalars.contains { $0 == "\u{FE0F}" || $0.properties.isEmojiModifier }
    }
}
