import Foundation
import Logging
import WorkflowEngine
import WorkflowModel

/// The X (Twitter) connector: API v1.1 (the original product's) and v2, one service per account,
/// every request signed with OAuth 1.0a.
///
///     <fetch name="followers" connector="x" resource="followers" services="synchronized"/>
///
/// Services are read one after the other in the services file's order, one batch per API page;
/// each batch's checkpoint names the service and the next page, so a resumed run continues at
/// the next page of the same service and skips the services already read. Retries, rate limits
/// and waits are `APIClient`'s, on the run's clock.
public struct XConnector: Connector {
    /// The services the connector may read (only the twitter ones are used).
    public let services: ServiceDirectory
    /// The HTTP connection pool.
    public let transport: HTTPTransport
    /// Timeouts, retries and the longest wait.
    public let limits: APILimits
    /// Where `env="…"` secrets are read from.
    public let environment: [String: String]
    /// Backoff jitter (seeded in tests).
    public let jitter: any JitterSource
    let logger: Logger
    /// Told of every rate-limit wait and pause (`wfrun serve`'s metrics); optional.
    public let rateLimits: (any RateLimitObserver)?

    /// What the connector offers (the same as `XConnector.descriptor`).
    public var descriptor: ConnectorDescriptor { Self.descriptor }

    /// Creates the connector.
    public init(
        services: ServiceDirectory, transport: HTTPTransport, limits: APILimits,
        environment: [String: String] = ProcessInfo.processInfo.environment, jitter: any JitterSource = SystemJitter(),
        logger: Logger = Logger(label: "wfrun.x"), rateLimits: (any RateLimitObserver)? = nil
    ) {
        self.services = services
        self.transport = transport
        self.limits = limits
        self.environment = environment
        self.jitter = jitter
        self.logger = logger
        self.rateLimits = rateLimits
    }

    /// Opens a `followers`, `posts` or `account` fetch over the selected services. Fails at once
    /// when a parameter, the selection, the checkpoint or a service's secrets are wrong.
    public func open(_ request: FetchRequest) async throws -> any BatchSource {
        let resource = try XResource(request)
        let selected = try services.select(request.services, type: .twitter)
        var readers: [XServiceReader] = []
        for service in selected {
            readers.append(try reader(for: service, clock: request.clock))
        }
        var first = 0
        var position = XCursor.Position.start
        if let checkpoint = request.resumeAfter {
            guard let cursor = XCursor(encoded: checkpoint.cursor) else {
                throw XConnectorError.badCheckpoint("the checkpoint of fetch '\(request.source)' (\(checkpoint.cursor)) is not an X connector's; start the workflow afresh")
            }
            guard let index = selected.firstIndex(where: { $0.name == cursor.service }) else {
                throw XConnectorError.badCheckpoint(
                    "fetch '\(request.source)' stopped while reading service '\(cursor.service)', which its services selection no longer includes (\(selected.map(\.name).joined(separator: ", "))); restore the selection or start the workflow afresh")
            }
            if case .done = cursor.position {
                first = index + 1
            } else {
                first = index
                position = cursor.position
            }
        }
        return XBatchSource(
            source: request.source, resource: resource, readers: Array(readers[first...]), position: position,
            sequence: request.resumeAfter?.sequence ?? 0)
    }

    /// A reader of one service: its requests, its client, its record builder.
    func reader(for service: Service, clock: any EngineClock) throws(ConnectorFailure) -> XServiceReader {
        let dialect = try XDialect(service: service, environment: environment)
        let client = APIClient(
            dialect: dialect, transport: transport, clock: clock, limits: limits, jitter: jitter,
            logger: logger, rateLimits: rateLimits)
        return XServiceReader(service: service, client: client, requests: XRequests(baseURL: service.baseURL, version: service.apiVersion))
    }

    /// The twitter service of this name.
    func service(named name: String) throws -> Service {
        let selected = try services.select(name, type: .twitter)
        return selected[0]
    }
}

/// What a fetch of the X connector reads.
enum XResource: Sendable {
    /// Followers, `pageSize` per request (nil: the version's largest).
    case followers(pageSize: Int?)
    /// The account's posts, newest first, down to `since` (seconds since 1970).
    case posts(pageSize: Int?, since: Int64?)
    /// The account itself.
    case account

    /// Reads a fetch's resource and parameters.
    init(_ request: FetchRequest) throws {
        let pageSize = try Self.pageSize(request.parameters["pageSize"])
        switch request.resource {
        case "followers":
            self = .followers(pageSize: pageSize)
        case "posts":
            var since: Int64?
            if let text = request.parameters["since"], !text.isEmpty {
                guard text.utf8.count == 10, let seconds = XTime.timestamp(iso: text)?.seconds else {
                    throw XConnectorError.badParameter("since=\"\(text)\" is not a day; write it as yyyy-mm-dd, like 2026-01-31")
                }
                since = seconds
            }
            self = .posts(pageSize: pageSize, since: since)
        case "account":
            self = .account
        default:
            let names = XConnector.descriptor.resources.filter { $0.direction == .fetch }.map(\.name)
            throw XConnectorError.badParameter("the X connector has no resource '\(request.resource)' to fetch; use one of \(names.joined(separator: ", "))")
        }
    }

    private static func pageSize(_ text: String?) throws -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let value = Int(text), value > 0 else {
            throw XConnectorError.badParameter("pageSize=\"\(text)\" is not a positive whole number")
        }
        return value
    }
}

/// Why an X fetch cannot start.
public enum XConnectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A resource or parameter is wrong.
    case badParameter(String)
    /// The checkpoint to resume after does not fit this fetch.
    case badCheckpoint(String)

    public var description: String {
        switch self {
        case .badParameter(let message), .badCheckpoint(let message): message
        }
    }
}
