/// A workflow definition as read from its file: parameters and activities, each with where it
/// was written. Pure values; `WorkflowXML` builds them and the engine runs them.
public struct Workflow: Sendable {
    /// The identifier that names the workflow's runs.
    public var name: String
    /// What people read.
    public var label: String?
    /// Free text from `<description>`.
    public var summary: String?
    /// Stop the run after this many activity errors in a row, whatever each activity's policy.
    public var maxConsecutiveErrors: Int?
    /// Declared parameters, in order.
    public var parameters: [WorkflowParameter]
    /// The activities, in document order.
    public var activities: [Activity]
    /// Where the `<workflow>` element starts.
    public var location: SourceLocation

    /// Creates a workflow.
    public init(
        name: String, label: String? = nil, summary: String? = nil, maxConsecutiveErrors: Int? = nil,
        parameters: [WorkflowParameter] = [], activities: [Activity], location: SourceLocation
    ) {
        self.name = name
        self.label = label
        self.summary = summary
        self.maxConsecutiveErrors = maxConsecutiveErrors
        self.parameters = parameters
        self.activities = activities
        self.location = location
    }

    /// The first activity with this name, if any.
    public func activity(named name: String) -> Activity? {
        activities.first { $0.name == name }
    }

    /// The declared parameter with this name, if any.
    public func parameter(named name: String) -> WorkflowParameter? {
        parameters.first { $0.name == name }
    }
}

/// A workflow variable: `<parameter name="since" type="date" default="2026-01-01"/>`.
public struct WorkflowParameter: Sendable, Hashable {
    /// The types a parameter can have.
    public enum ValueType: String, Sendable, Hashable {
        case string, integer, number, boolean, date
    }

    /// The name expressions use in `param('name')`.
    public var name: String
    /// Its type; `--param` values are checked against it.
    public var type: ValueType
    /// The value when none is given on the command line; nil makes it required.
    public var defaultValue: String?
    /// What people read.
    public var label: String?
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a parameter.
    public init(name: String, type: ValueType, defaultValue: String?, label: String? = nil, location: SourceLocation) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.label = label
        self.location = location
    }
}
