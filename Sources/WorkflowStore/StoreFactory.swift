import WorkflowEngine

/// Opens the store a location names: a `postgres://` or `postgresql://` URL is a PostgreSQL
/// database, anything else the path of a SQLite file.
public enum StoreFactory {
    /// The store at `location`, or a `StoreError.cannotOpen` saying why it cannot be opened.
    /// `forReading` (the commands that only read) opens a SQLite file this process cannot
    /// write read-only instead of refusing it.
    public static func open(_ location: String, forReading: Bool = false) async throws(StoreError) -> any WorkflowStore {
        if isPostgres(location) {
            return try await PostgresStore.open(url: location)
        }
        return try await SQLiteStore.open(path: location, allowReadOnly: forReading)
    }

    /// The store at `location` with the control state of `wfrun serve` (both backends have it).
    public static func openControl(_ location: String, forReading: Bool = false) async throws(StoreError) -> any ControlStore {
        if isPostgres(location) {
            return try await PostgresStore.open(url: location)
        }
        return try await SQLiteStore.open(path: location, allowReadOnly: forReading)
    }

    /// `location` as messages show it: a PostgreSQL URL without its password.
    public static func shown(_ location: String) -> String {
        isPostgres(location) ? PostgresLocation.redact(location) : location
    }

    /// True when `location` is a PostgreSQL URL (the scheme in any case).
    public static func isPostgres(_ location: String) -> Bool {
        let lowered = location.prefix(13).lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }
}
