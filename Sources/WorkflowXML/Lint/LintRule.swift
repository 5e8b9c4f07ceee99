import WorkflowModel

/// One check of what the grammar cannot see. Rules are independent: each reads the workflow and
/// returns its findings; the linter runs them all and sorts the result.
protocol LintRule: Sendable {
    func check(_ context: LintContext) -> [Diagnostic]
}

/// What a rule may look at.
struct LintContext {
    let workflow: Workflow
    let graph: ActivityGraph
    let schemas: DataSchemaLibrary
    let connectors: ConnectorCatalog
    let source: SourceText

    /// Where a point inside an attribute value is.
    func location(in value: AttributeValue, offset: Int) -> SourceLocation {
        source.location(value.valueLocation, advancedBy: offset)
    }
}

/// Runs every rule.
public struct Linter: Sendable {
    /// The data schemas and connectors the workflow may name.
    public let schemas: DataSchemaLibrary
    public let connectors: ConnectorCatalog

    /// Creates a linter.
    public init(schemas: DataSchemaLibrary, connectors: ConnectorCatalog) {
        self.schemas = schemas
        self.connectors = connectors
    }

    private static let rules: [any LintRule] = [
        ActivityNameRule(), TransitionTargetRule(), ReachabilityRule(), CycleRule(), JoinRule(),
        DataSchemaRule(), ConnectorRule(), PublishRule(), ScheduleRule(), ParameterRule(), RangeRule(),
    ]

    /// Every finding about `workflow`, in file order.
    func lint(_ workflow: Workflow, source: SourceText) -> [Diagnostic] {
        let context = LintContext(
            workflow: workflow, graph: ActivityGraph(workflow), schemas: schemas, connectors: connectors, source: source)
        return Self.rules.flatMap { $0.check(context) }
    }
}
