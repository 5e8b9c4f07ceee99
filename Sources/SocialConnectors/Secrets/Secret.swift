import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A reference to a credential: where to read it, never the value itself (except for tests and
/// sandboxes). Printing a `Secret` shows where it comes from, never what it is.
public struct Secret: Sendable, Hashable, CustomStringConvertible {
    /// Where the value is read from.
    public enum Source: Sendable, Hashable {
        /// An environment variable, by name (`env="ACME_X_CONSUMER_KEY"`).
        case environment(String)
        /// A file readable by its owner only (`file="/etc/wfrun/acme.key"`), trailing newline trimmed.
        case file(String)
        /// The value itself: sandboxes and tests only.
        case value(String)
    }

    /// Where the value is read from.
    public var source: Source

    /// Creates a secret reference.
    public init(_ source: Source) {
        self.source = source
    }

    /// Reads the value now.
    /// - Throws: `SecretError` when the variable is unset or empty, or the file is missing,
    ///   unreadable or readable by anyone but its owner.
    public func reveal(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SecretError) -> String {
        switch source {
        case .value(let value):
            return value
        case .environment(let name):
            guard let value = environment[name] else { throw .environmentUnset(name) }
            guard !value.isEmpty else { throw .environmentEmpty(name) }
            return value
        case .file(let path):
            return try Self.readFile(path)
        }
    }

    /// `$ACME_X_CONSUMER_KEY`, `file /path`, `(inline)`.
    public var description: String {
        switch source {
        case .environment(let name): "$" + name
        case .file(let path): "file " + path
        case .value: "(inline)"
        }
    }

    /// Reads a secret file after checking that only its owner can read it.
    static func readFile(_ path: String) throws(SecretError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .fileUnreadable(path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .fileUnreadable(path, reason: "not a regular file") }
        let mode = Int(info.st_mode & 0o777)
        guard mode & 0o077 == 0 else { throw .filePermissions(path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .fileUnreadable(path, reason: "permission denied")
        }
        guard var text = String(data: data, encoding: .utf8) else { throw .fileUnreadable(path, reason: "not UTF-8 text") }
        if text.hasSuffix("\r\n") {
            text.removeLast(2)
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        guard !text.isEmpty else { throw .fileEmpty(path) }
        return text
    }
}

/// Why a secret could not be read. Messages say where the secret was expected and what to do;
/// they never contain a value.
public enum SecretError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The environment variable is not set.
    case environmentUnset(String)
    /// The environment variable is set but empty.
    case environmentEmpty(String)
    /// The file cannot be read (missing, a directory, permission denied…).
    case fileUnreadable(String, reason: String)
    /// The file can be read by its group or others.
    case filePermissions(String, mode: Int)
    /// The file is empty.
    case fileEmpty(String)
    /// The service declares no secret of this role.
    case notDeclared(role: String, service: String)

    public var description: String {
        switch self {
        case .environmentUnset(let name):
            "environment variable \(name) is not set: export it before running wfrun"
        case .environmentEmpty(let name):
            "environment variable \(name) is empty: set it to the credential"
        case .fileUnreadable(let path, let reason):
            "cannot read secret file \(path) (\(reason))"
        case .filePermissions(let path, let mode):
            "secret file \(path) is readable by others (mode \(String(mode, radix: 8))): run chmod 600 \(path)"
        case .fileEmpty(let path):
            "secret file \(path) is empty"
        case .notDeclared(let role, let service):
            "service '\(service)' declares no <\(role)>: add <\(role) env=\"NAME\"/> to it in the services file"
        }
    }
}
