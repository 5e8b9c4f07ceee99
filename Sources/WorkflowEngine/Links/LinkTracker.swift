import Foundation

/// Replaces the links of a text about to be published by tracked ones, `BASE/r/CODE`, where
/// `wfrun serve` records a visit and redirects to the original. X counts every URL as 23
/// characters whatever its length, so tracking never changes a post's weighted length.
///
/// ```swift
/// let text = try await LinkTracker.track("Read https://example.com/a.", delivery: 7,
///                                        base: URL(string: "https://go.example.org")!, store: store)
/// // "Read https://go.example.org/r/4fTq9ZbW0aKx."
/// ```
public enum LinkTracker {
    /// `text` with each http(s) URL replaced by `base/r/CODE`; the code of a URL is created once
    /// per delivery, so a resumed run produces exactly the same text.
    public static func track(_ text: String, delivery: Int64, base: URL, store: any LinkStore) async throws -> String {
        let found = urls(in: text)
        guard !found.isEmpty else { return text }
        var prefix = base.absoluteString
        while prefix.hasSuffix("/") { prefix.removeLast() }
        var result = ""
        var position = text.startIndex
        for range in found {
            let code = try await store.trackedLink(delivery: delivery, url: String(text[range]))
            result += text[position..<range.lowerBound]
            result += prefix + "/r/" + code
            position = range.upperBound
        }
        result += text[position...]
        return result
    }

    /// The ranges of the http and https URLs of `text`, in order. A URL starts with `http://` or
    /// `https://` (any case) not preceded by a letter or digit, has a host, and runs to the next
    /// space or `<>"` character; trailing punctuation (`.,;:!?'…’”»`) and closing brackets without an
    /// opening one in the URL are left out, so "(see https://a.example/x)." keeps only the URL.
    public static func urls(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var index = text.startIndex
        while let match = nextScheme(in: text, from: index) {
            var end = match.hostStart
            while end < text.endIndex, !isTerminator(text[end]) { end = text.index(after: end) }
            end = trimmedEnd(text, from: match.start, to: end)
            if end > match.hostStart {
                ranges.append(match.start..<end)
                index = end
            } else {
                index = match.hostStart
            }
        }
        return ranges
    }

    /// The next `http://` or `https://` at a word start, and where its host begins.
    private static func nextScheme(in text: String, from start: String.Index) -> (start: String.Index, hostStart: String.Index)? {
        var index = start
        while let found = text[index...].range(of: "http", options: .caseInsensitive) {
            var after = found.upperBound
            if after < text.endIndex, text[after] == "s" || text[after] == "S" { after = text.index(after: after) }
            let atWordStart = found.lowerBound == text.startIndex || !isWordCharacter(text[text.index(before: found.lowerBound)])
            if atWordStart, text[after...].hasPrefix("://") {
                return (found.lowerBound, text.index(after, offsetBy: 3))
            }
            index = found.upperBound
        }
        return nil
    }

    /// The end of the URL once trailing punctuation and unbalanced closing brackets are left out.
    private static func trimmedEnd(_ text: String, from start: String.Index, to end: String.Index) -> String.Index {
        var end = end
        while end > start {
            let last = text[text.index(before: end)]
            let pairs: [Character: Character] = [")": "(", "]": "[", "}": "{"]
            if ".,;:!?'…’”»".contains(last) {
                end = text.index(before: end)
            } else if let opening = pairs[last] {
                let url = text[start..<end]
                guard url.filter({ $0 == last }).count > url.filter({ $0 == opening }).count else { break }
                end = text.index(before: end)
            } else {
                break
            }
        }
        return end
    }

    private static func isTerminator(_ character: Character) -> Bool {
        character.isWhitespace || character == "<" || character == ">" || character == "\""
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }
}
