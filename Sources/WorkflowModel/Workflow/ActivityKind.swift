/// The kind of an activity: its element name, and what the checker must know about it. The
/// engine runs kinds through a registry of plug-ins; this table holds only static facts.
public struct ActivityKind: Sendable, Hashable, CustomStringConvertible {
    /// The element name.
    public var name: String
    /// Where a run can begin (`start`, `scheduler`).
    public var isEntryPoint: Bool
    /// Whether a cycle through it is allowed (it waits, so the loop cannot spin).
    public var breaksCycles: Bool
    /// Attributes of the element that hold expressions.
    public var expressionAttributes: Set<String>
    /// Attributes of its settings (`field/@value`) that hold expressions, by setting element.
    public var settingExpressionAttributes: [String: Set<String>]

    /// Creates a kind.
    public init(
        _ name: String, isEntryPoint: Bool = false, breaksCycles: Bool = false,
        expressionAttributes: Set<String> = [], settingExpressionAttributes: [String: Set<String>] = [:]
    ) {
        self.name = name
        self.isEntryPoint = isEntryPoint
        self.breaksCycles = breaksCycles
        self.expressionAttributes = expressionAttributes
        self.settingExpressionAttributes = settingExpressionAttributes
    }

    public var description: String { name }
}

extension ActivityKind {
    /// A start point: where `wfrun run` begins.
    public static let start = ActivityKind("start", isEntryPoint: true)
    /// A scheduled start point; `wfrun run` fires it once, now.
    public static let scheduler = ActivityKind("scheduler", isEntryPoint: true, breaksCycles: true)
    /// Reads records from a connector resource.
    public static let fetch = ActivityKind("fetch")
    /// Computes fields from each record.
    public static let map = ActivityKind("map", settingExpressionAttributes: ["field": ["value"]])
    /// Keeps the records for which a condition holds.
    public static let filter = ActivityKind("filter", expressionAttributes: ["condition"])
    /// Inserts or updates rows of a data table by a unique key.
    public static let upsert = ActivityKind("upsert")
    /// Reads rows of a data table.
    public static let query = ActivityKind("query", expressionAttributes: ["where"])
    /// Groups records and computes measures.
    public static let aggregate = ActivityKind("aggregate", settingExpressionAttributes: ["measure": ["value"]])
    /// Publishes a post or sends a direct message per record.
    public static let publish = ActivityKind("publish", expressionAttributes: ["text", "link", "recipient"])
    /// Branches on a condition.
    public static let test = ActivityKind("test", expressionAttributes: ["condition"])
    /// Starts every outgoing branch at once.
    public static let fork = ActivityKind("fork")
    /// Waits for every incoming branch.
    public static let join = ActivityKind("join")
    /// Waits for a duration.
    public static let wait = ActivityKind("wait", breaksCycles: true)
    /// Waits for an external event.
    public static let signal = ActivityKind("signal", breaksCycles: true)
    /// Writes a line to the run's log.
    public static let log = ActivityKind("log", expressionAttributes: ["message"])
    /// Raises an alert.
    public static let alert = ActivityKind("alert", expressionAttributes: ["message"])
    /// Ends a branch.
    public static let end = ActivityKind("end")

    /// Every kind of the language, as in Schemas/workflow.xsd.
    public static let all: [ActivityKind] = [
        .start, .scheduler, .fetch, .map, .filter, .upsert, .query, .aggregate, .publish,
        .test, .fork, .join, .wait, .signal, .log, .alert, .end,
    ]

    /// The kind with this element name, if the language has it.
    public static func named(_ name: String) -> ActivityKind? {
        all.first { $0.name == name }
    }
}
