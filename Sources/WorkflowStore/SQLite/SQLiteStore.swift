import Foundation
import GRDB
import WorkflowEngine
import WorkflowModel

/// The embedded store: one SQLite file, opened through GRDB as a `DatabasePool` in WAL mode so
/// that `wfrun history` and `wfrun show` read while a run writes.
///
/// ```swift
/// let store = try await SQLiteStore.open(path: "wfrun.sqlite")
/// try await store.prepare(schemas: [visitor])
/// let counts = try await store.upsert(records, into: visitor, key: ["origin", "external_id"],
///                                     checkpoint: nil, now: Date())
/// ```
///
/// Timestamps are stored as UTC ISO-8601 text, booleans as 0/1, JSON as text, so the sqlite3
/// shell shows what people expect.
public final class SQLiteStore: WorkflowStore {
    /// How long a statement waits, by default, for another process's lock before giving up, in
    /// seconds.
    public static let defaultBusyTimeout: Double = 5

    /// The file.
    public let path: String
    let pool: DatabasePool
    let engine = EngineSQL(dialect: SQLiteDialect())
    /// The multi-row upsert texts built so far.
    let upsertTexts = StatementTextCache()

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Opens (creating it if needed) the database file at `path`. Every reason it cannot be
    /// opened (missing folder, read-only location, not a database, locked for longer than
    /// `busyTimeout` seconds) is a `StoreError.cannotOpen` that says what to do.
    public static func open(path: String, busyTimeout: Double = defaultBusyTimeout) async throws(StoreError) -> SQLiteStore {
        try SQLiteLocation.check(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "wfrun"
        configuration.prepareDatabase { db in
            // WAL with NORMAL sync survives any crash of the process; only a power loss can
            // drop the last transactions, and data and checkpoints always go together.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // Reading the schema finds a damaged file now rather than in the middle of a run.
            _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return SQLiteStore(path: path, pool: pool)
        } catch {
            throw SQLiteLocation.cannotOpen(path, error, busyTimeout: busyTimeout)
        }
    }

    /// Creates the engine tables, then each data table, or adds the columns a schema gained.
    public func prepare(schemas: [DataSchema]) async throws(StoreError) {
        let tables = schemas.map(TableDefinition.init)
        for table in tables {
            if let problem = table.problem() { throw StoreError.database(problem) }
        }
        let engine = engine
        let now = ISOTimestamp.string(from: Date())
        try await write { db in
            for statement in engine.createTables { try db.execute(sql: statement) }
            for table in tables {
                let fingerprint = SchemaFingerprint(table.schema)
                let known = try String.fetchOne(db, sql: engine.selectVersion, arguments: [table.name])
                if known == fingerprint.hash { continue }
                let sql = TableSQL(table: table, dialect: SQLiteDialect())
                try db.execute(sql: sql.createTable)
                let existing = Set(try String.fetchAll(db, sql: SQLiteDialect().tableColumnsQuery, arguments: [table.name]))
                for column in table.schema.columns where !existing.contains(column.name) {
                    try db.execute(sql: sql.addColumn(column))
                }
                for statement in sql.createIndexes { try db.execute(sql: statement) }
                try db.execute(sql: engine.saveVersion, arguments: [table.name, fingerprint.hash, fingerprint.columns, now])
            }
        }
    }

    /// Closes the database; later calls fail.
    public func close() async throws(StoreError) {
        do {
            try pool.close()
        } catch {
            throw StoreError.sqlite(error)
        }
    }

    /// Runs `body` in a write transaction; any error rolls it back.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw StoreError.sqlite(error)
        }
    }

    /// Runs `body` in a read transaction, beside any writer.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw StoreError.sqlite(error)
        }
    }
}
