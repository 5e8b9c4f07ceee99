import WorkflowEngine
import Foundation
import PostgresNIO

/// Where a PostgreSQL store is, read from a URL:
///
///     postgres://user:password@host:5432/database?sslmode=disable
///     postgres://user@/database?host=/var/run/postgresql      (Unix socket folder)
///     postgres://user@%2Fvar%2Frun%2Fpostgresql:5432/database   (the same, encoded in the host)
///
/// `sslmode` is `disable`, `prefer` (the default, as libpq), `require`, `verify-ca` or
/// `verify-full`. The URL is never shown with its password: `redacted` is what messages use.
struct PostgresLocation: Sendable {
    /// How TLS is negotiated, as libpq's `sslmode` names it.
    enum TLSMode: String, Sendable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// The URL with its password replaced by `***`.
    let redacted: String
    /// The server's host name or address (TCP), or nil for a Unix socket.
    let host: String?
    /// The server's port (also the suffix of the socket file).
    let port: Int
    /// The socket file, when connecting through a Unix socket.
    let socketPath: String?
    let username: String
    let password: String?
    let database: String?
    let tlsMode: TLSMode

    /// Reads `url`, or says what is wrong with it (the message never holds the password).
    init(url: String) throws(StoreError) {
        redacted = Self.redact(url)
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else {
            throw StoreError.cannotOpen(location: redacted, reason: "not a postgres://user:password@host:port/database URL")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        guard let user = components.user ?? query["user"], !user.isEmpty else {
            throw StoreError.cannotOpen(location: redacted, reason: "the URL names no user (postgres://USER@host/database)")
        }
        username = user
        password = components.password ?? query["password"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? query["dbname"] : path
        port = components.port ?? query["port"].flatMap { Int($0) } ?? 5432
        guard let mode = TLSMode(rawValue: query["sslmode"] ?? "prefer") else {
            throw StoreError.cannotOpen(
                location: redacted, reason: "unknown sslmode \(query["sslmode"] ?? ""); use disable, prefer, require, verify-ca or verify-full")
        }
        tlsMode = mode
        let named = query["host"] ?? components.host.flatMap { $0.removingPercentEncoding } ?? ""
        if named.hasPrefix("/") {
            host = nil
            socketPath = named.hasSuffix(".s.PGSQL.\(port)") ? named : "\(named)/.s.PGSQL.\(port)"
        } else if named.isEmpty {
            throw StoreError.cannotOpen(location: redacted, reason: "the URL names no host (postgres://user@HOST:port/database)")
        } else {
            host = named
            socketPath = nil
        }
    }

    /// Where the server is, for messages: `host:port` or the socket file.
    var server: String { socketPath ?? "\(host ?? ""):\(port)" }

    /// `url` with the password of its user part and any `password=` parameter replaced by `***`.
    /// It works on text that is not a valid URL too.
    static func redact(_ url: String) -> String {
        var text = url
        if let schemeEnd = text.range(of: "://") {
            let authorityEnd = text[schemeEnd.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? text.endIndex
            if let at = text[schemeEnd.upperBound..<authorityEnd].lastIndex(of: "@"),
                let colon = text[schemeEnd.upperBound..<at].firstIndex(of: ":")
            {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
        }
        while let range = text.range(of: "password=", options: .caseInsensitive),
            text[range.upperBound...].prefix(3) != "***"
        {
            let end = text[range.upperBound...].firstIndex(of: "&") ?? text.endIndex
            text.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return text
    }

    // MARK: postgres-nio configurations

    /// The configuration of the single connection that `open` makes to check the location.
    func connectionConfiguration(connectTimeout: TimeAmount) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketPath {
            configuration = .init(unixSocketPath: socketPath, username: username, password: password, database: database)
        } else {
            let tls: PostgresConnection.Configuration.TLS =
                switch tlsMode {
                case .disable: .disable
                case .allow, .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration()))
                case .require, .verifyCA, .verifyFull: .require(try NIOSSLContext(configuration: tlsConfiguration()))
                }
            configuration = .init(host: host ?? "", port: port, username: username, password: password, database: database, tls: tls)
        }
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    /// The configuration of the pool the store queries through.
    func clientConfiguration(connectTimeout: Duration) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketPath {
            configuration = .init(unixSocketPath: socketPath, username: username, password: password, database: database)
        } else {
            let tls: PostgresClient.Configuration.TLS =
                switch tlsMode {
                case .disable: .disable
                case .allow, .prefer: .prefer(tlsConfiguration())
                case .require, .verifyCA, .verifyFull: .require(tlsConfiguration())
                }
            configuration = .init(host: host ?? "", port: port, username: username, password: password, database: database, tls: tls)
        }
        configuration.options.connectTimeout = connectTimeout
        configuration.options.maximumConnections = 8
        return configuration
    }

    /// Like libpq: `prefer` and `require` encrypt without checking the certificate,
    /// `verify-ca` checks the chain, `verify-full` the chain and the host name.
    private func tlsConfiguration() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification =
            switch tlsMode {
            case .verifyFull: .fullVerification
            case .verifyCA: .noHostnameVerification
            default: .none
            }
        return configuration
    }
}
