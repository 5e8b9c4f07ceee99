/// One activity of a workflow: its kind (the element name), its configuration as written, its
/// error policy and its outgoing transitions. The configuration stays generic here; each activity
/// plug-in reads the attributes and settings it knows.
public struct Activity: Sendable {
    /// The element name: `fetch`, `map`, `join`, …
    public var kind: ActivityKind
    /// Unique in the workflow.
    public var name: String
    /// What people read.
    public var label: String?
    /// Configuration attributes (everything but `name`, `label` and `errorPolicy`), by name.
    public var attributes: [String: AttributeValue]
    /// Configuration child elements (`field`, `measure`, schedule rules), in order.
    public var settings: [ActivitySetting]
    /// What happens when an attempt fails.
    public var errorPolicy: ErrorPolicy
    /// Outgoing transitions, in order.
    public var transitions: [Transition]
    /// Where the element starts.
    public var location: SourceLocation

    /// Creates an activity.
    public init(
        kind: ActivityKind, name: String, label: String? = nil, attributes: [String: AttributeValue] = [:],
        settings: [ActivitySetting] = [], errorPolicy: ErrorPolicy = ErrorPolicy(), transitions: [Transition] = [],
        location: SourceLocation
    ) {
        self.kind = kind
        self.name = name
        self.label = label
        self.attributes = attributes
        self.settings = settings
        self.errorPolicy = errorPolicy
        self.transitions = transitions
        self.location = location
    }

    /// The attribute's text, if written.
    public subscript(attribute: String) -> String? { attributes[attribute]?.text }

    /// The settings written with this element name (`field`, `measure`, …).
    public func settings(named element: String) -> [ActivitySetting] {
        settings.filter { $0.element == element }
    }
}

/// An attribute as written: its text, where its name starts, where its value starts, and, for
/// expression attributes, the parsed expression.
public struct AttributeValue: Sendable {
    /// The value after XML decoding.
    public var text: String
    /// Where the attribute's name starts.
    public var location: SourceLocation
    /// Where the value's first character is (after the quote).
    public var valueLocation: SourceLocation
    /// The parsed expression, for attributes that hold one and parsed without error.
    public var expression: Expression?

    /// Creates an attribute value.
    public init(text: String, location: SourceLocation, valueLocation: SourceLocation, expression: Expression? = nil) {
        self.text = text
        self.location = location
        self.valueLocation = valueLocation
        self.expression = expression
    }
}

/// A configuration child element of an activity: `<field name="username" value="username"/>`,
/// `<weekly days="thursday" time="07:30"/>`, …
public struct ActivitySetting: Sendable {
    /// The element name.
    public var element: String
    /// Its attributes, by name.
    public var attributes: [String: AttributeValue]
    /// Where the element starts.
    public var location: SourceLocation

    /// Creates a setting.
    public init(element: String, attributes: [String: AttributeValue], location: SourceLocation) {
        self.element = element
        self.attributes = attributes
        self.location = location
    }

    /// The attribute's text, if written.
    public subscript(attribute: String) -> String? { attributes[attribute]?.text }
}

/// An outgoing edge of the activity graph.
public struct Transition: Sendable, Hashable {
    /// The kinds of transition; the element name in the file.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// On success.
        case next
        /// On failure, after retries.
        case onError
        /// A `test` whose condition is true.
        case then
        /// A `test` whose condition is false.
        case `else`
    }

    /// Which kind.
    public var kind: Kind
    /// The target activity's name.
    public var target: String
    /// Where the element starts (its `to` attribute, for messages about the target).
    public var location: SourceLocation

    /// Creates a transition.
    public init(kind: Kind, target: String, location: SourceLocation) {
        self.kind = kind
        self.target = target
        self.location = location
    }
}

/// What an activity does when an attempt fails.
public struct ErrorPolicy: Sendable, Hashable {
    /// After retries: fail the run, or log and go on.
    public enum Outcome: String, Sendable, Hashable {
        case stop, ignore
    }

    /// What happens after the retries, when no `onError` transition is given.
    public var outcome: Outcome
    /// Retries before giving up, if any.
    public var retry: RetryPolicy?

    /// Creates a policy; the default stops at the first failure.
    public init(outcome: Outcome = .stop, retry: RetryPolicy? = nil) {
        self.outcome = outcome
        self.retry = retry
    }
}

/// `<retry count="3" backoff="10s" cap="5m"/>`: wait `backoff`, doubling, at most `cap`.
public struct RetryPolicy: Sendable, Hashable {
    /// How many retries after the first attempt.
    public var count: Int
    /// The first wait.
    public var backoff: WorkflowDuration
    /// The longest wait, if capped.
    public var cap: WorkflowDuration?

    /// Creates a retry policy.
    public init(count: Int, backoff: WorkflowDuration, cap: WorkflowDuration? = nil) {
        self.count = count
        self.backoff = backoff
        self.cap = cap
    }
}
