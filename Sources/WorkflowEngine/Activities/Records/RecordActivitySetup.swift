import WorkflowModel

/// What record activities resolve the same way when they are prepared.
enum RecordActivitySetup {
    /// The data schema named by the activity's `schema` attribute.
    static func schema(of activity: Activity, in setup: ActivitySetup) throws -> DataSchema {
        guard let name = activity["schema"] else { throw ActivityError(definition: activity, "schema is missing") }
        guard let schema = setup.schemas[name] else {
            throw ActivityError(
                definition: activity,
                "there is no data schema '\(name)' (known: \(setup.schemas.names.joined(separator: ", "))); run wfrun validate")
        }
        return schema
    }

    /// A space-separated list (`key`, `groupBy`).
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
