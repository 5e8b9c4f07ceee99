import WorkflowModel

/// The activity plug-ins a run can use, by element name. Adding an activity is adding its type
/// and listing it in `standard`; the engine itself names none.
public struct ActivityRegistry: Sendable {
    private var behaviors: [String: any ActivityBehavior.Type]

    /// A registry of these behaviours.
    public init(_ types: [any ActivityBehavior.Type]) {
        behaviors = Dictionary(types.map { ($0.kind.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The behaviour for a kind, if registered.
    public func behavior(for kind: ActivityKind) -> (any ActivityBehavior.Type)? {
        behaviors[kind.name]
    }

    /// Adds or replaces a behaviour (tests register instrumented ones).
    public mutating func register(_ type: any ActivityBehavior.Type) {
        behaviors[type.kind.name] = type
    }
}
