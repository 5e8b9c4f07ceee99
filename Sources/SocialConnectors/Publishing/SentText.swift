import Foundation

/// How a text read back from a network is compared with the text wfrun sent. The networks do not
/// hand back exactly what they received: X escapes `&`, `<` and `>` as HTML entities and wraps
/// every link in a `t.co` link (its entities give the original), and both trim surrounding white
/// space. A lookup that compared bytes would call a sent message unsent.
enum SentText {
    /// A link the network put in place of another (`https://t.co/abc` → `https://example.com/`).
    typealias Expansion = (shown: String, original: String)

    /// The text as it was sent: entities unescaped, links restored, surrounding space trimmed.
    static func normalized(_ text: String, expansions: [Expansion] = []) -> String {
        var result = text
        if result.contains("&") {
            result = result.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        for expansion in expansions where !expansion.shown.isEmpty && expansion.shown != expansion.original {
            result = result.replacingOccurrences(of: expansion.shown, with: expansion.original)
        }
        return trimmed(result)
    }

    /// `text` without surrounding white space.
    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The wanted text a published one is: itself, or, for a post whose link was appended to the
    /// text (X has no link field), the text before that last link.
    static func match(_ published: String, in wanted: [String: String]) -> String? {
        if let text = wanted[published] { return text }
        guard let space = published.lastIndex(of: " ") else { return nil }
        let link = published[published.index(after: space)...]
        guard link.hasPrefix("http://") || link.hasPrefix("https://") else { return nil }
        return wanted[trimmed(String(published[..<space]))]
    }

    /// How much earlier than `since` a lookup still reads: the clocks of wfrun's host and the
    /// network's servers differ a little, and the networks' times have whole seconds.
    static let clockTolerance: TimeInterval = 60

    /// The earliest instant a lookup of what was sent since `since` reads back to.
    static func horizon(_ since: Date) -> Date {
        Date(timeIntervalSince1970: since.timeIntervalSince1970.rounded(.down) - clockTolerance)
    }

    /// The wanted texts keyed by their trimmed form, to look a normalized published text up.
    static func index(_ texts: Set<String>) -> [String: String] {
        var index: [String: String] = [:]
        for text in texts { index[trimmed(text)] = text }
        return index
    }
}
