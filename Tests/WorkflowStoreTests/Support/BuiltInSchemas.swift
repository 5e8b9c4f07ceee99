import WorkflowModel
import WorkflowXML

/// The data schemas shipped in Schemas/data/, under names of this test's own (the PostgreSQL
/// test database is shared by every test and every run).
enum BuiltInSchemas {
    static func renamed() -> [DataSchema] {
        let suffix = Names.unique("")
        return DataSchemaLibrary.builtIn.schemas.values.sorted { $0.name < $1.name }.map { schema in
            var copy = schema
            copy.name = schema.name + suffix
            return copy
        }
    }
}
