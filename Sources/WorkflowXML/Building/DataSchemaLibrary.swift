import WorkflowModel

/// The data schemas a workflow can name: the ones built into wfrun (Schemas/data/), plus any a
/// user adds from a folder.
public struct DataSchemaLibrary: Sendable {
    /// Every schema, by name.
    public private(set) var schemas: [String: DataSchema]

    /// The schemas shipped in Schemas/data/, compiled into the binary.
    public static let builtIn: DataSchemaLibrary = {
        var schemas: [String: DataSchema] = [:]
        for (name, text) in EmbeddedSchemas.dataSchemas {
            let source = SourceText(file: "Schemas/data/\(name).xml", bytes: Array(text.utf8))
            guard case .schema(let schema) = DataSchemaReader.read(source) else {
                // Shipped schemas are checked by a test; a failure here is a build defect.
                preconditionFailure("the built-in data schema \(name) is invalid; run Scripts/check-schemas.sh")
            }
            schemas[schema.name] = schema
        }
        return DataSchemaLibrary(schemas: schemas)
    }()

    /// A library holding exactly these schemas.
    public init(schemas: [String: DataSchema]) {
        self.schemas = schemas
    }

    /// The schema with this name, if any.
    public subscript(name: String) -> DataSchema? { schemas[name] }

    /// Schema names, sorted, for messages.
    public var names: [String] { schemas.keys.sorted() }

    /// Adds (or replaces) schemas from source files; the diagnostics of files that do not read.
    public mutating func add(_ sources: [SourceText]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for source in sources {
            switch DataSchemaReader.read(source) {
            case .schema(let schema): schemas[schema.name] = schema
            case .failure(let problems): diagnostics += problems
            }
        }
        return diagnostics
    }
}
