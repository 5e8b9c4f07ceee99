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
    /// Whether the file was opened read-only (it cannot be written by this process).
    public let isReadOnly: Bool
    let pool: DatabasePool
    let engine = EngineSQL(dialect: SQLiteDialect())
    /// The multi-row upsert texts built so far.
    let upsertTexts = StatementTextCache()

    private init(path: String, pool: DatabasePool, isReadOnly: Bool) {
        self.path = path
        self.pool = pool
        self.isReadOnly = isReadOnly
    }

    /// Opens (creating it if needed) the database file at `path`. Every reason it cannot be
    /// opened (missing folder, read-only location, not a database, locked for longer than
    /// `busyTimeout` seconds) is a `StoreError.cannotOpen` that says what to do.
    ///
    /// A database of another application, or one upgraded by a newer wfrun, is refused before
    /// anything is written to it. A store made by an older wfrun is migrated in place. With
    /// `allowReadOnly` (the reading commands), a file this process cannot write is opened
    /// read-only instead of refused.
    public static func open(path: String, busyTimeout: Double = defaultBusyTimeout, allowReadOnly: Bool = false) async throws(StoreError) -> SQLiteStore {
        let access = try SQLiteLocation.check(path, allowReadOnly: allowReadOnly)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "wfrun"
        if access == .readOnly {
            configuration.readonly = true
        } else {
            configuration.prepareDatabase { db in
                // WAL with NORMAL sync survives any crash of the process; only a power loss can
                // drop the last transactions, and data and checkpoints always go together.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        do {
            // Looked at before the pool switches the file to WAL: another application's
            // database, or a newer store, is left exactly as it was.
            if access != .created { try inspect(path: path, busyTimeout: busyTimeout) }
            let pool = try DatabasePool(path: path, configuration: configuration)
            let store = SQLiteStore(path: path, pool: pool, isReadOnly: access == .readOnly)
            if access == .readOnly {
                try await store.requireCurrentVersion()
            } else {
                try await store.migrate()
            }
            return store
        } catch {
            throw SQLiteLocation.cannotOpen(path, error, busyTimeout: busyTimeout)
        }
    }

    /// Refuses a file that holds another application's tables, or a store newer than this
    /// binary; reading the schema also finds a damaged file now rather than in a run.
    private static func inspect(path: String, busyTimeout: Double) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        try queue.read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            guard !tables.isEmpty else { return }
            let names = Set(tables)
            guard names.contains("run") || names.contains("wfrun_migration") else {
                throw StoreError.notAStore(location: path, tables: tables)
            }
            if names.contains("wfrun_migration"),
                let version = try Int.fetchOne(db, sql: EngineSQL(dialect: SQLiteDialect()).selectMigrationVersion),
                version > EngineSQL<SQLiteDialect>.latestVersion
            {
                throw StoreError.newerStore(location: path, version: version, known: EngineSQL<SQLiteDialect>.latestVersion)
            }
        }
    }

    /// Applies the engine migrations the store lacks, in one transaction.
    func migrate() async throws(StoreError) {
        let engine = engine
        let path = path
        let now = ISOTimestamp.string(from: Date())
        try await write { db in
            let hasLog = try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE name = 'wfrun_migration'") ?? false
            let current = hasLog ? (try Int.fetchOne(db, sql: engine.selectMigrationVersion) ?? 0) : 0
            guard current < EngineSQL<SQLiteDialect>.latestVersion else {
                if current > EngineSQL<SQLiteDialect>.latestVersion {
                    throw StoreError.newerStore(location: path, version: current, known: EngineSQL<SQLiteDialect>.latestVersion)
                }
                return
            }
            try db.execute(sql: engine.createMigrationTable)
            for migration in engine.migrations where migration.version > current {
                for statement in migration.statements {
                    // A store from before migrations has version 0 and the first tables already:
                    // migration 1 creates only what is missing (IF NOT EXISTS).
                    try db.execute(sql: statement)
                }
                try db.execute(sql: engine.insertMigration, arguments: [migration.version, migration.name, now])
            }
        }
    }

    /// A read-only store must already be at this binary's version: it cannot be migrated.
    private func requireCurrentVersion() async throws(StoreError) {
        let engine = engine
        let version = try await read { db -> Int in
            let hasLog = try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE name = 'wfrun_migration'") ?? false
            return hasLog ? (try Int.fetchOne(db, sql: engine.selectMigrationVersion) ?? 0) : 0
        }
        let hasRuns = try await read { db in try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE name = 'run'") ?? false }
        if version < EngineSQL<SQLiteDialect>.latestVersion && (hasRuns || version > 0) {
            throw StoreError.cannotOpen(
                location: path,
                reason: "it was written by an older wfrun and must be upgraded, which needs write access: open it once where it can be written")
        }
    }

    /// Creates the engine tables, then each data table, or adds the columns a schema gained.
    /// A read-only store is left as it is (its engine tables were checked when it was opened).
    public func prepare(schemas: [DataSchema]) async throws(StoreError) {
        if isReadOnly { return }
        let tables = schemas.map(TableDefinition.init)
        for table in tables {
            if let problem = table.problem() { throw StoreError.database(problem) }
        }
        let engine = engine
        let now = ISOTimestamp.string(from: Date())
        try await migrate()
        try await write { db in
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

    /// Closes the database; later calls fail. The write-ahead log is folded into the file first,
    /// so that after a clean exit the `.sqlite` file alone holds every committed row (a copy of it
    /// is a backup). A reader in another process may keep part of the log; that is not an error.
    public func close() async throws(StoreError) {
        if !isReadOnly {
            _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
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
