import WorkflowModel

/// What `schema_version` remembers of a data schema: a stable hash of its shape (columns, types,
/// keys) and its column list, so that `prepare` migrates a table only when its schema changed.
struct SchemaFingerprint: Sendable, Hashable {
    /// `StableHash` (FNV-1a, 64 bits) of the canonical description, in hex. Stable across processes, unlike
    /// `Hasher`.
    let hash: String
    /// `name type, name type, …`, for people reading the table.
    let columns: String

    /// The fingerprint of `schema`.
    init(_ schema: DataSchema) {
        columns = schema.columns.map { "\($0.name) \($0.type.rawValue)" }.joined(separator: ", ")
        let keys = schema.keys.map { ($0.unique ? "unique " : "index ") + $0.columns.joined(separator: " ") }
        let description = ([schema.name, columns] + keys).joined(separator: "\n")
        var stable = StableHash()
        stable.combine(description.utf8)
        hash = stable.hex
    }
}
