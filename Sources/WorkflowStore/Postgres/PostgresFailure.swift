import Foundation
import Synchronization
import WorkflowModel
import PostgresNIO
import WorkflowEngine

/// Turns postgres-nio's errors, which keep server details out of their descriptions on purpose,
/// into sentences that say what happened (never with the password).
enum PostgresFailure {
    /// Why connecting to `location` failed.
    static func connectReason(_ error: any Error, location: PostgresLocation) -> String {
        guard let error = error as? PSQLError else {
            if error is BoundedWaitExceeded { return "the server at \(location.server) did not answer in time" }
            return "\(error)"
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "the server refused the connection"
            switch state {
            case "28P01", "28000": return "authentication failed for user \(location.username): \(message)"
            case "3D000": return "\(message); create it first (createdb \(location.database ?? location.username))"
            default: return message
            }
        case .connectionError:
            let cause = error.underlying.map(connectionCause) ?? "unknown cause"
            return "cannot connect to \(location.server) (\(cause)); is the server running and accepting connections there?"
        case .serverClosedConnection, .uncleanShutdown:
            return "the server at \(location.server) closed the connection before PostgreSQL's greeting; "
                + "is PostgreSQL listening there (check the host and the port), and does it accept connections from this machine?"
        case .messageDecodingFailure, .unexpectedBackendMessage, .receivedUnencryptedDataAfterSSLRequest:
            return "the server at \(location.server) does not speak PostgreSQL's protocol; check the host and the port"
        case .sslUnsupported:
            return "the server does not support TLS, but the URL asks for sslmode=\(location.tlsMode.rawValue)"
        case .authMechanismRequiresPassword:
            return "the server asks for a password and the URL gives none (postgres://user:PASSWORD@host/database)"
        case .unsupportedAuthMechanism, .saslError:
            return "authentication failed for user \(location.username) (\(error.code))"
        default:
            return "\(error.code)"
        }
    }

    /// Why a connection could not be made, in a few words: `connection refused`, `no such file
    /// or directory` (a socket), `the host name does not resolve`, `no answer in 5 s`.
    private static func connectionCause(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first { return connectionCause(failure.error) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host name does not resolve" }
            return "no address to connect to"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode)).lowercased()
        case ChannelError.connectTimeout(let timeout):
            return "no answer in \(timeout.nanoseconds / 1_000_000_000) s"
        default:
            return "\(error)"
        }
    }

    /// A failure of a statement, with the server's message, detail and SQL state.
    static func statementError(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError: return error
        case let error as BoundedWaitExceeded:
            return .database("PostgreSQL did not answer within \(error.seconds.formatted()) s: the server stopped or the connection was lost (the limit is $WFRUN_STATEMENT_TIMEOUT, \(PostgresStore.defaultStatementTimeout.formatted()) s by default)")
        case let error where String(describing: type(of: error)) == "ConnectionPoolError":
            // postgres-nio's pool error (of a module it does not export by name).
            let text = "\(error)"
            if text.contains("CircuitBreaker") {
                return .database("PostgreSQL cannot be reached: new connections kept failing (the server stopped or is unreachable)")
            }
            if text.contains("poolShutdown") { return .database("the connection pool to PostgreSQL was closed") }
            return .database("PostgreSQL: \(text)")
        case let error as PSQLError:
            guard let info = error.serverInfo, let message = info[.message] else {
                return .database("PostgreSQL: \(error.code)\(error.underlying.map { " (\($0))" } ?? "")")
            }
            let detail = info[.detail].map { " (\($0))" } ?? ""
            let state = info[.sqlState].map { " [SQLSTATE \($0)]" } ?? ""
            return .database(message + detail + state)
        default: return .database("\(error)")
        }
    }
}
