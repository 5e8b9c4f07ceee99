import WorkflowModel

/// An activity plug-in: how one kind of activity runs. The engine knows no kind by name; it asks
/// the registry for the behaviour of an element and runs it through this protocol.
public protocol ActivityBehavior: Sendable {
    /// The element it runs (`map`, `join`, …).
    static var kind: ActivityKind { get }
    /// What it does with records and control: the facts the engine links record groups,
    /// resumes, joins and records states by.
    static var recordFlow: RecordFlow { get }

    /// Prepares the behaviour from its definition, once per run; throws what makes it unable to
    /// run (an unknown schema, a connector not installed).
    init(definition: Activity, setup: ActivitySetup) throws

    /// Runs one activation. `input` is the record stream arriving along the transition, if any.
    /// Returns the transitions to follow and the stream each carries. Lazy: a record activity
    /// returns a wrapping stream at once, and its work happens as the stream is pulled.
    func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult
}

/// What a behaviour may look at while it is prepared.
public struct ActivitySetup: Sendable {
    /// The whole workflow.
    public var workflow: Workflow
    /// The data schemas a workflow may name.
    public var schemas: DataSchemaLibrary
    /// The connectors installed.
    public var connectors: ConnectorRegistry

    /// Creates a setup.
    public init(workflow: Workflow, schemas: DataSchemaLibrary, connectors: ConnectorRegistry) {
        self.workflow = workflow
        self.schemas = schemas
        self.connectors = connectors
    }
}

/// Which transitions an activation follows, and the records each carries.
public struct ActivityResult: Sendable {
    /// Transition kinds to follow; every transition of a listed kind is followed.
    public var follow: [Transition.Kind]
    /// The stream sent along the transitions of a kind (several transitions of one kind each get
    /// every batch).
    public var streams: [Transition.Kind: any BatchSource]
    /// Set by an `end status="failed"`: the run is to be recorded as failed, for this reason,
    /// once its other branches are done.
    public var runFailure: String?

    /// Creates a result.
    public init(follow: [Transition.Kind], streams: [Transition.Kind: any BatchSource] = [:], runFailure: String? = nil) {
        self.follow = follow
        self.streams = streams
        self.runFailure = runFailure
    }

    /// Follow `next`, optionally with records.
    public static func next(_ stream: (any BatchSource)? = nil) -> ActivityResult {
        ActivityResult(follow: [.next], streams: stream.map { [.next: $0] } ?? [:])
    }

    /// Follow nothing (the branch ends).
    public static let stop = ActivityResult(follow: [])
}
