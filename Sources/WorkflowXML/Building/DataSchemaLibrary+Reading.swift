import WorkflowModel

extension DataSchemaLibrary {
    /// The schemas shipped in Schemas/data/, compiled into the binary.
    public static let builtIn: DataSchemaLibrary = {
        var library = DataSchemaLibrary(schemas: [:])
        for (name, text) in EmbeddedSchemas.dataSchemas {
            let source = SourceText(file: "Schemas/data/\(name).xml", bytes: Array(text.utf8))
            guard case .schema(let schema) = DataSchemaReader.read(source) else {
                // Shipped schemas are checked by a test; a failure here is a build defect.
                preconditionFailure("the built-in data schema \(name) is invalid; run Scripts/check-schemas.sh")
            }
            library.insert(schema)
        }
        return library
    }()

    /// Adds (or replaces) schemas from source files; the diagnostics of files that do not read.
    public mutating func add(_ sources: [SourceText]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for source in sources {
            switch DataSchemaReader.read(source) {
            case .schema(let schema): insert(schema)
            case .failure(let problems): diagnostics += problems
            }
        }
        return diagnostics
    }
}
