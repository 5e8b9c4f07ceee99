/// The data schemas a workflow can name, by name. The built-in ones (Schemas/data/) and those
/// a user adds from a folder are read by WorkflowXML (`DataSchemaLibrary.builtIn`, `add(_:)`);
/// the engine only looks schemas up, so it needs no XML reader.
public struct DataSchemaLibrary: Sendable {
    /// Every schema, by name.
    public private(set) var schemas: [String: DataSchema]

    /// A library holding exactly these schemas.
    public init(schemas: [String: DataSchema]) {
        self.schemas = schemas
    }

    /// The schema with this name, if any.
    public subscript(name: String) -> DataSchema? { schemas[name] }

    /// Schema names, sorted, for messages.
    public var names: [String] { schemas.keys.sorted() }

    /// Adds `schema`, replacing one of the same name.
    public mutating func insert(_ schema: DataSchema) {
        schemas[schema.name] = schema
    }
}
