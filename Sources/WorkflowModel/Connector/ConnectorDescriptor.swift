/// What a connector offers, declared by the connector itself so that `validate` can check a
/// workflow's `fetch` and `publish` activities before anything runs.
public struct ConnectorDescriptor: Sendable, Hashable {
    /// The name workflows use in `connector="…"`.
    public var name: String
    /// What people read.
    public var label: String
    /// The resources, by name.
    public var resources: [ResourceDescriptor]
    /// Resources people expect that the connector deliberately does not offer, with why (a
    /// network's policy): `validate` says so instead of "no such resource".
    public var refused: [String: String]

    /// Creates a descriptor.
    public init(name: String, label: String, resources: [ResourceDescriptor], refused: [String: String] = [:]) {
        self.name = name
        self.label = label
        self.resources = resources
        self.refused = refused
    }

    /// The resource with this name and direction, if any.
    public func resource(named name: String) -> ResourceDescriptor? {
        resources.first { $0.name == name }
    }
}

/// One resource of a connector: something `fetch` reads or `publish` sends.
public struct ResourceDescriptor: Sendable, Hashable {
    /// Which activity uses the resource.
    public enum Direction: String, Sendable, Hashable {
        /// Read by `fetch`.
        case fetch
        /// Sent by `publish`.
        case publish
    }

    /// The name workflows use in `resource="…"`.
    public var name: String
    /// Which activity uses it.
    public var direction: Direction
    /// One line: what it is.
    public var summary: String
    /// The parameters it takes, as attributes of the activity.
    public var parameters: [ResourceParameter]
    /// The fields of the records it produces (fetch) or the message fields it takes (publish);
    /// nil when they depend on the data (a file's columns).
    public var fields: [String]?
    /// For a publish resource: how long its text may be.
    public var textLimit: TextLimit?

    /// Creates a resource descriptor.
    public init(
        name: String, direction: Direction, summary: String, parameters: [ResourceParameter] = [], fields: [String]?,
        textLimit: TextLimit? = nil
    ) {
        self.name = name
        self.direction = direction
        self.summary = summary
        self.parameters = parameters
        self.fields = fields
        self.textLimit = textLimit
    }
}

/// A parameter of a resource, written as an attribute of `fetch` or `publish`.
public struct ResourceParameter: Sendable, Hashable {
    /// The kind of value a parameter takes.
    public enum Kind: String, Sendable, Hashable {
        case string, integer, boolean, date
        /// A space-separated list of words.
        case list
    }

    /// The attribute name.
    public var name: String
    /// Its kind of value.
    public var kind: Kind
    /// Whether it must be given.
    public var required: Bool
    /// For `list` and `string`: the only values accepted, when restricted.
    public var allowedValues: [String]?
    /// For `integer`: the values accepted (nil: any whole number), checked by `validate`.
    public var range: ClosedRange<Int>?
    /// Values the real API once took and has since removed, with what to use instead.
    public var removedValues: [String: String]
    /// One line: what it does.
    public var summary: String

    /// Creates a parameter.
    public init(
        name: String, kind: Kind, required: Bool = false, allowedValues: [String]? = nil, range: ClosedRange<Int>? = nil,
        removedValues: [String: String] = [:], summary: String
    ) {
        self.range = range
        self.name = name
        self.kind = kind
        self.required = required
        self.allowedValues = allowedValues
        self.removedValues = removedValues
        self.summary = summary
    }
}

/// The connectors installed in this build, by name. The CLI assembles it from the connector
/// modules; the linter and the engine only look names up in it.
public struct ConnectorCatalog: Sendable {
    /// Every descriptor, by connector name.
    public private(set) var connectors: [String: ConnectorDescriptor]

    /// Creates a catalog from descriptors.
    public init(_ descriptors: [ConnectorDescriptor]) {
        connectors = Dictionary(descriptors.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The connector with this name, if installed.
    public subscript(name: String) -> ConnectorDescriptor? { connectors[name] }

    /// Connector names, sorted, for messages.
    public var names: [String] { connectors.keys.sorted() }
}
