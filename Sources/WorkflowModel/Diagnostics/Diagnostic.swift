/// One finding about a workflow file: a stable code, a severity, a one-line message that says what
/// to do, and where. Parse errors, grammar errors and lint findings are all this one type, so the
/// text, JSON and CI-annotation outputs come from one place.
public struct Diagnostic: Sendable, Hashable {
    /// Whether a finding fails validation.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// Fails `validate` and refuses to run.
        case error
        /// Reported; fails `validate` only with `--strict`.
        case warning
    }

    /// The stable identifier, e.g. `WF021`.
    public var code: DiagnosticCode
    /// How serious it is.
    public var severity: Severity
    /// One line: what is wrong and what to do.
    public var message: String
    /// Where it is.
    public var location: SourceLocation

    /// Creates a diagnostic with the code's default severity unless one is given.
    public init(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, severity: Severity? = nil) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.location = location
    }
}

extension Diagnostic: Comparable {
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.location, lhs.code.rawValue) < (rhs.location, rhs.code.rawValue)
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}

/// A diagnostic is also what a failed read throws or returns.
extension Diagnostic: Error {}
