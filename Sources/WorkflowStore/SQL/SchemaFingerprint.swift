import WorkflowModel

/// What `schema_version` remembers of a data schema: a stable hash of its shape (columns, types,
/// keys) and its column list, so that `prepare` migrates a table only when its schema changed.
struct SchemaFingerprint: Sendable, Hashable {
    /// FNV-1a (64 bits) of the canonical description, in hex. Stable across processes, unlike
    /// `Hasher`.
    let hash: String
    /// `name type, name type, …`, for people reading the table.
    let columns: String

    /// The fingerprint of `schema`.
    init(_ schema: DataSchema) {
        columns = schema.columns.map { "\($0.name) \($0.type.rawValue)" }.joined(separator: ", ")
        let keys = schema.keys.map { ($0.unique ? "unique " : "index ") + $0.columns.joined(separator: " ") }
        let description = ([schema.name, columns] + keys).joined(separator: "\n")
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in description.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        let hex = String(value, radix: 16)
        hash = String(repeating: "0", count: 16 - hex.count) + hex
    }
}
