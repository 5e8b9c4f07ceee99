import WorkflowModel

/// A connector plug-in: its declaration (checked by `validate`) and how it reads a resource.
/// Adding a connector is adding a type that conforms and registering it; no engine code changes.
public protocol Connector: Sendable {
    /// What the connector offers.
    var descriptor: ConnectorDescriptor { get }
    /// Opens a lazy stream of a `fetch` resource, resuming after `request.resumeAfter` when set.
    func open(_ request: FetchRequest) async throws -> any BatchSource
}

/// What a `fetch` asks of a connector.
public struct FetchRequest: Sendable {
    /// The fetch activity's name (checkpoints carry it as their source).
    public var source: String
    /// The resource (`followers`, `records`).
    public var resource: String
    /// Resource parameters as written (`path`, `pageSize`, …).
    public var parameters: [String: String]
    /// The `services` selection, if written.
    public var services: String?
    /// The workflow file's folder: relative paths are resolved against it.
    public var workflowDirectory: String
    /// Records per batch.
    public var batchSize: Int
    /// Resume right after this checkpoint (nil: from the beginning).
    public var resumeAfter: Checkpoint?
    /// The run's clock: connectors wait (rate limits, backoff) on it, so tests never sleep.
    public var clock: any EngineClock

    /// Creates a request.
    public init(
        source: String, resource: String, parameters: [String: String], services: String?, workflowDirectory: String,
        batchSize: Int, resumeAfter: Checkpoint?, clock: any EngineClock = SystemClock()
    ) {
        self.clock = clock
        self.source = source
        self.resource = resource
        self.parameters = parameters
        self.services = services
        self.workflowDirectory = workflowDirectory
        self.batchSize = batchSize
        self.resumeAfter = resumeAfter
    }
}

/// The connectors a run can use, by name.
public struct ConnectorRegistry: Sendable {
    private var connectors: [String: any Connector]

    /// A registry of these connectors.
    public init(_ connectors: [any Connector]) {
        self.connectors = Dictionary(connectors.map { ($0.descriptor.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The connector with this name.
    public subscript(name: String) -> (any Connector)? { connectors[name] }

    /// Their declarations, for the linter.
    public var catalog: ConnectorCatalog { ConnectorCatalog(connectors.values.map(\.descriptor)) }
}
