import Foundation
import Logging
import WorkflowEngine
import WorkflowModel

/// The Facebook Graph API connector: one service per page, read with its page access token.
///
///     <fetch name="pages" connector="facebook" resource="page"/>
///     <fetch name="posts" connector="facebook" resource="posts" since="2026-11-01" pageSize="50"/>
///     <fetch name="fans" connector="facebook" resource="fans" posts="25" services="acmepage"/>
///     <fetch name="insights" connector="facebook" resource="insights" metrics="page_follows page_media_view"/>
///
/// Services are read one after the other, in the selection's order; each Graph API page of
/// results is one batch (the fetch's `batchSize` does not split them), whose checkpoint
/// (`FacebookCursor`) lets an interrupted run continue with the next page. `fans` removes
/// duplicate people within a service; a resumed run starts with no memory of the people already
/// emitted and may emit some again, which sinks absorb since they upsert by key. The page token travels as the `access_token` query parameter (with
/// `appsecret_proof` when the service has an app secret) and never appears in a message, a log
/// or a checkpoint. Retries, waits and rate limits are `APIClient`'s; how Graph errors read is
/// `GraphErrorMapping`'s.
public struct FacebookConnector: Connector {
    /// The services the connector may use (it reads those of type `facebook`).
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

    /// Creates the connector; secrets are read from `environment` when a fetch opens.
    public init(
        services: ServiceDirectory, transport: HTTPTransport, limits: APILimits,
        environment: [String: String] = ProcessInfo.processInfo.environment, jitter: any JitterSource = SystemJitter(),
        logger: Logger = Logger(label: "wfrun.facebook"), rateLimits: (any RateLimitObserver)? = nil
    ) {
        self.services = services
        self.transport = transport
        self.limits = limits
        self.environment = environment
        self.jitter = jitter
        self.logger = logger
        self.rateLimits = rateLimits
    }

    /// Opens a `page`, `posts`, `fans` or `insights` fetch over the selected services.
    /// - Throws: `FacebookConnectorError` for an unknown resource, a bad parameter or a checkpoint
    ///   this connector cannot resume from; `ServiceSelectionError`; `ConnectorFailure` when a
    ///   service's secret cannot be read.
    public func open(_ request: FetchRequest) async throws -> any BatchSource {
        let resource = try FacebookResource(request.resource, parameters: request.parameters)
        let selected = try services.select(request.services, type: .facebook)
        let pages = try selected.map { try pageAccess(for: $0, operation: resource.operation, clock: request.clock) }
        var start = FacebookBatchSource.Start(serviceIndex: 0, position: nil, sequence: request.resumeAfter?.sequence ?? 0)
        if let checkpoint = request.resumeAfter {
            start = try Self.resumption(of: checkpoint, resource: resource, services: selected.map(\.name))
        }
        return FacebookBatchSource(source: request.source, resource: resource, pages: pages, start: start)
    }

    /// A service's page with its credentials read and its client ready.
    /// - Throws: `ConnectorFailure` naming the secret that cannot be read.
    func pageAccess(for service: Service, operation: FacebookOperation, clock: any EngineClock) throws(ConnectorFailure) -> PageAccess {
        func secret(_ role: String) throws(ConnectorFailure) -> String {
            do {
                return try service.secret(role, environment: environment)
            } catch {
                throw ConnectorFailure(
                    service: service.name,
                    message: "\(service.displayName): cannot read its \(role) (\(service.secrets[role]?.description ?? "not declared")): \(error)",
                    retryability: .permanent(reason: ConnectorFailure.secretReason))
            }
        }
        let token = try secret("pageAccessToken")
        let appSecret = service.secrets["appSecret"] == nil ? nil : try secret("appSecret")
        let dialect = FacebookDialect(serviceName: service.name, operation: operation, accessToken: token, appSecret: appSecret)
        let client = APIClient(
            dialect: dialect, transport: transport, clock: clock, limits: limits, jitter: jitter, logger: logger, rateLimits: rateLimits)
        return PageAccess(service: service.name, visitorFolder: service.visitorFolder, pageID: service.pageId ?? "me", baseURL: service.baseURL, client: client)
    }

    /// Where a resumed fetch starts: the service named by the checkpoint, at its position, or the
    /// service after it when it was done.
    static func resumption(of checkpoint: Checkpoint, resource: FacebookResource, services: [String]) throws -> FacebookBatchSource.Start {
        guard let cursor = FacebookCursor(encoded: checkpoint.cursor) else {
            throw FacebookConnectorError.badCheckpoint(cursor: checkpoint.cursor, reason: "it is not a Facebook connector cursor")
        }
        guard let index = services.firstIndex(of: cursor.service) else {
            throw FacebookConnectorError.badCheckpoint(
                cursor: checkpoint.cursor,
                reason: "service '\(cursor.service)' is no longer selected (selected: \(services.joined(separator: ", "))), so the interrupted run cannot resume; start a new run")
        }
        switch (cursor.position, resource) {
        case (.done, _):
            return .init(serviceIndex: index + 1, position: nil, sequence: checkpoint.sequence)
        case (.after, .posts), (.fans, .fans):
            return .init(serviceIndex: index, position: cursor.position, sequence: checkpoint.sequence)
        default:
            throw FacebookConnectorError.badCheckpoint(cursor: checkpoint.cursor, reason: "it was not written by a \(resource.operation.name) fetch")
        }
    }
}

/// One selected service's page, ready to be read.
struct PageAccess: Sendable {
    /// The service's name.
    var service: String
    /// Its visitor folder.
    var visitorFolder: String?
    /// The page id (`me` when the service declares none: a page token's `me` is its page).
    var pageID: String
    /// The Graph API root.
    var baseURL: URL
    /// The client that sends the service's requests.
    var client: APIClient
}

/// Why a Facebook fetch cannot start.
public enum FacebookConnectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The connector has no such fetch resource.
    case unknownResource(String)
    /// A parameter's value is not acceptable.
    case badParameter(name: String, reason: String)
    /// A checkpoint this connector cannot resume from.
    case badCheckpoint(cursor: String, reason: String)

    public var description: String {
        switch self {
        case .unknownResource(let name):
            "the facebook connector has no resource '\(name)'; it reads page, posts, fans and insights"
        case .badParameter(let name, let reason):
            "facebook fetch parameter \(name): \(reason)"
        case .badCheckpoint(let cursor, let reason):
            "cannot resume the facebook fetch from checkpoint '\(cursor)': \(reason)"
        }
    }
}
