/// Why the file connector cannot read a file, with the file (and the line, for malformed
/// content) and what to do about it.
public enum FileConnectorError: Error, CustomStringConvertible, Sendable {
    /// A parameter is missing or wrong (`path`, `format`, the resource).
    case badParameter(String)
    /// The file cannot be opened.
    case cannotOpen(path: String, reason: String)
    /// Reading the file failed midway.
    case cannotRead(path: String, reason: String)
    /// The content does not follow the format (the column, when it helps).
    case malformed(path: String, line: Int, column: Int? = nil, reason: String)
    /// The checkpoint to resume after does not fit the file.
    case badCheckpoint(path: String, cursor: String, reason: String)

    public var description: String {
        switch self {
        case .badParameter(let message):
            message
        case .cannotOpen(let path, let reason):
            "cannot read \(path): \(reason)"
        case .cannotRead(let path, let reason):
            "reading \(path) failed: \(reason)"
        case .malformed(let path, let line, let column, let reason):
            "\(path), line \(line)\(column.map { ", column \($0)" } ?? ""): \(reason)"
        case .badCheckpoint(let path, let cursor, let reason):
            "cannot resume reading \(path) at byte \(cursor): \(reason)"
        }
    }
}
