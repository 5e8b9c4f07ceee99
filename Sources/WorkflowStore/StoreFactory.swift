import WorkflowEngine

/// Opens the store a location names: a `postgres://` (or `postgresql://`) URL is PostgreSQL,
/// anything else is the path of a SQLite file.
public enum StoreFactory {
    /// Opens `location`.
    public static func open(_ location: String) async throws(StoreError) -> any WorkflowStore {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try await PostgresStore.open(url: location)
        }
        return try await SQLiteStore.open(path: location)
    }
}
