import Foundation

/// One entry of a Graph `fields` parameter: `comments.summary(true).limit(0)`, `from{id,name}`.
struct GraphField: Equatable {
    /// The field or edge name.
    var name: String
    /// Whether `.summary(…)` was asked for.
    var summary = false
    /// The `.limit(n)` of an edge.
    var limit: Int?
    /// The text between braces, if any.
    var subfields: String?

    /// Parses a `fields` parameter. Commas inside braces or parentheses do not separate fields.
    static func parse(_ text: String) -> [GraphField] {
        var items: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "{", "(": depth += 1
            case "}", ")": depth -= 1
            case "," where depth == 0:
                items.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        items.append(current)
        return items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map(parseOne)
    }

    private static func parseOne(_ item: String) -> GraphField {
        let nameEnd = item.firstIndex { $0 == "." || $0 == "{" || $0 == "(" } ?? item.endIndex
        var field = GraphField(name: String(item[..<nameEnd]))
        let rest = item[nameEnd...]
        if let open = rest.firstIndex(of: "{"), let close = rest.lastIndex(of: "}"), open < close {
            field.subfields = String(rest[rest.index(after: open)..<close])
        }
        field.summary = rest.contains(".summary(")
        if let range = rest.range(of: ".limit(") {
            let digits = rest[range.upperBound...].prefix { $0.isNumber }
            field.limit = Int(digits)
        }
        return field
    }
}
