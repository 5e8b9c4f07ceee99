import WorkflowModel

/// Reads records from a local file beside the workflow: JSON Lines, a JSON array, or CSV with a
/// header row. Useful on its own (import a contact list) and the way to test the engine offline.
public enum FileConnector {
    /// What the connector offers, checked by `validate`.
    public static let descriptor = ConnectorDescriptor(
        name: "file",
        label: "Local files",
        resources: [
            ResourceDescriptor(
                name: "records", direction: .fetch,
                summary: "the records of a JSON Lines, JSON array or CSV file",
                parameters: [
                    ResourceParameter(name: "path", kind: .string, required: true, summary: "the file, relative to the workflow file"),
                    ResourceParameter(
                        name: "format", kind: .string, allowedValues: ["jsonl", "json", "csv"],
                        summary: "the file's format (default: from its extension)"),
                ],
                fields: nil)
        ])
}
