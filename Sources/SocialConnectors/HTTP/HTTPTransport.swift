import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP connection pool every connector shares: one AsyncHTTPClient `HTTPClient` on the
/// process-wide event loops, with connect and read timeouts. `APIClient` adds retries and rate
/// limits on top; this type only moves bytes and names network failures.
public final class HTTPTransport: Sendable {
    /// The process-wide transport (never shut down).
    public static let shared = HTTPTransport()

    /// Largest response body accepted, in bytes.
    public let maxBodySize: Int
    private let client: HTTPClient

    /// Creates a transport with its own connection pool; call `shutdown()` when done with it.
    /// Connection failures are reported at once (no silent reconnect loop) so that `APIClient`
    /// decides about retries.
    public init(connectTimeout: Double = 10, readTimeout: Double = 30, maxBodySize: Int = 256 << 20) {
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .milliseconds(Int64(connectTimeout * 1000)), read: .milliseconds(Int64(readTimeout * 1000))))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .enabled(limit: .ratio(50))
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.maxBodySize = maxBodySize
    }

    /// Sends one request and reads the whole response.
    /// - Throws: `HTTPTransportError` naming the network failure (refused, reset, timeout, …).
    public func execute(
        method: String, url: URL, headers: [(name: String, value: String)], body: Data?, timeout: Double
    ) async throws(HTTPTransportError) -> APIResponse {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method.uppercased())
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            let buffer = try await response.body.collect(upTo: maxBodySize)
            return APIResponse(
                status: Int(response.status.code),
                headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: Data(buffer.readableBytesView))
        } catch {
            throw HTTPTransportError(classifying: error)
        }
    }

    /// Closes the connections of a transport created with `init` (not `shared`).
    public func shutdown() async throws {
        try await client.shutdown()
    }
}

/// A request that got no (complete) response, named so that a person can act on it. It never
/// carries a URL or a header.
public struct HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of network failure.
    public enum Kind: String, Sendable, Hashable {
        /// Nothing listens at the address (or a firewall refuses).
        case connectionRefused = "connection refused"
        /// The connection was closed or reset mid-request.
        case connectionReset = "connection reset"
        /// Connecting or reading took longer than allowed.
        case timeout = "timed out"
        /// The host name does not resolve.
        case hostNotFound = "host not found"
        /// The response was larger than allowed.
        case responseTooLarge = "response too large"
        /// Anything else (TLS, protocol errors).
        case other = "network error"
    }

    /// What went wrong.
    public var kind: Kind
    /// A short technical detail (`connect timeout`), without URL or header.
    public var detail: String

    /// Creates an error.
    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// Names an error thrown by AsyncHTTPClient or SwiftNIO.
    public init(classifying error: any Error) {
        if let error = error as? HTTPTransportError {
            self = error
            return
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .readTimeout, .writeTimeout, .deadlineExceeded, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout:
                self.init(kind: .timeout, detail: String(describing: error))
            case .remoteConnectionClosed, .cancelled:
                self.init(kind: .connectionReset, detail: String(describing: error))
            default:
                self.init(kind: .other, detail: String(describing: error))
            }
            return
        }
        if error is NIOTooManyBytesError {
            self.init(kind: .responseTooLarge, detail: "over the body size limit")
            return
        }
        if error is NIOCore.ChannelError {
            self.init(kind: .connectionReset, detail: String(describing: error))
            return
        }
        if let code = Self.errnoCode(of: error) {
            switch code {
            case ECONNREFUSED: self.init(kind: .connectionRefused, detail: "ECONNREFUSED")
            case ECONNRESET, EPIPE, ECONNABORTED: self.init(kind: .connectionReset, detail: "errno \(code)")
            case ETIMEDOUT: self.init(kind: .timeout, detail: "ETIMEDOUT")
            default: self.init(kind: .other, detail: "errno \(code)")
            }
            return
        }
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty {
                self.init(kind: .hostNotFound, detail: "no address")
            } else {
                self.init(classifying: error.connectionErrors[0].error)
            }
            return
        }
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("refused") {
            self.init(kind: .connectionRefused, detail: "refused")
        } else if text.localizedCaseInsensitiveContains("timeout") || text.localizedCaseInsensitiveContains("timed out") {
            self.init(kind: .timeout, detail: "timeout")
        } else {
            self.init(kind: .other, detail: String(describing: type(of: error)))
        }
    }

    private static func errnoCode(of error: any Error) -> Int32? {
        if let error = error as? IOError { return error.errnoCode }
        return nil
    }

    /// Whether the server may have received the request: false only when no connection was made
    /// (refused, no such host, a connect timeout), so that a send can be tried again safely.
    public var requestMayHaveBeenSent: Bool {
        switch kind {
        case .connectionRefused, .hostNotFound: false
        case .timeout: !(detail.contains("connectTimeout") || detail.contains("getConnectionFromPoolTimeout"))
        case .connectionReset, .responseTooLarge, .other: true
        }
    }

    /// `connection refused`, `timed out (read timeout)`.
    public var description: String {
        switch kind {
        case .connectionRefused, .hostNotFound: kind.rawValue
        default: "\(kind.rawValue) (\(detail))"
        }
    }
}
