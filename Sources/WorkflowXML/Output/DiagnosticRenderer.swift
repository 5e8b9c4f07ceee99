import Foundation
import WorkflowModel

/// Turns diagnostics into what people and machines read: compiler-style text with the source line
/// and a caret, JSON, or GitHub Actions annotations. The one place diagnostics are formatted.
public enum DiagnosticRenderer {
    /// The output formats.
    public enum Format: String, CaseIterable, Sendable {
        /// `file:line:col: error: message [WF021]`, the line, and a caret.
        case text
        /// One JSON document.
        case json
        /// `::error file=…,line=…,col=…,title=WF021::message`, which GitHub shows on the diff.
        case github
    }

    /// One diagnostic as text, with the source line and a caret when the text is known.
    public static func text(_ diagnostic: Diagnostic, source: SourceText?) -> String {
        let location = diagnostic.location
        var output = "\(location): \(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.code.rawValue)]"
        if let line = source?.text(ofLine: location.line) {
            let shown = String(line.unicodeScalars.prefix(200).map { $0 == "\t" ? " " : Character($0) })
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            let caretColumn = min(location.column, shown.unicodeScalars.count + 1)
            output += "\n \(number) | \(shown)\n \(gutter) | \(String(repeating: " ", count: caretColumn - 1))^"
        }
        return output
    }

    /// One diagnostic as a GitHub Actions workflow command.
    public static func github(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location
        let kind = diagnostic.severity == .error ? "error" : "warning"
        return "::\(kind) file=\(escapeProperty(location.file)),line=\(location.line),col=\(location.column),title=\(diagnostic.code.rawValue)::\(escapeData(diagnostic.message))"
    }

    /// The JSON shape of one diagnostic.
    public struct Record: Codable, Sendable, Equatable {
        public var file: String
        public var line: Int
        public var column: Int
        public var severity: String
        public var code: String
        public var message: String

        /// The record of a diagnostic.
        public init(_ diagnostic: Diagnostic) {
            file = diagnostic.location.file
            line = diagnostic.location.line
            column = diagnostic.location.column
            severity = diagnostic.severity.rawValue
            code = diagnostic.code.rawValue
            message = diagnostic.message
        }
    }

    private static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
