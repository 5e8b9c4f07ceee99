/// The formats the file connector reads.
enum FileFormat: String, Sendable, CaseIterable {
    /// JSON Lines: one object per line.
    case jsonl
    /// One JSON array of objects.
    case json
    /// Comma-separated values with a header row (RFC 4180).
    case csv

    /// The format named by the `format` parameter, or else by the file's extension.
    init(parameter: String?, path: String) throws {
        if let parameter {
            guard let format = FileFormat(rawValue: parameter.lowercased()) else {
                throw FileConnectorError.badParameter(
                    "format=\"\(parameter)\" is not a format the file connector reads; use jsonl, json or csv")
            }
            self = format
            return
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let suffix = name.split(separator: ".").count > 1 ? name.split(separator: ".").last!.lowercased() : ""
        switch suffix {
        case "jsonl", "ndjson": self = .jsonl
        case "json": self = .json
        case "csv": self = .csv
        default:
            throw FileConnectorError.badParameter(
                "cannot tell the format of \(path) from its name; add format=\"jsonl\", \"json\" or \"csv\" to the fetch")
        }
    }
}
