import WorkflowModel

/// A record in a few words, for error messages: its identifying fields first, then the others
/// in name order, at most three, long values cut (`id=42, username='ada'`).
enum RecordSummary {
    /// Fields that usually identify a record, shown first when present.
    private static let identifying = ["id", "external_id", "post_id", "page_id", "username", "name"]

    /// The summary of `record`; `(empty record)` when it has no fields.
    static func of(_ record: Record, fields limit: Int = 3) -> String {
        guard !record.isEmpty else { return "(empty record)" }
        let first = identifying.filter { record[$0] != nil }
        let rest = record.keys.filter { !identifying.contains($0) }.sorted()
        let names = (first + rest).prefix(limit)
        var parts = names.map { "\($0)=\(show(record[$0]!))" }
        if record.count > limit { parts.append("…") }
        return parts.joined(separator: ", ")
    }

    /// A value as a summary shows it: strings quoted, others as JSON, cut at 30 characters.
    static func show(_ value: ExpressionValue) -> String {
        let text: String = switch value {
        case .string(let string): "'\(string)'"
        default: value.json
        }
        return text.count > 30 ? String(text.prefix(29)) + "…" : text
    }
}
