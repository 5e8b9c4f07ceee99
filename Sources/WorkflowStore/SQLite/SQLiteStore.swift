import Foundation
import GRDB
import Synchronization
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
    /// Whether the file was opened read-only (a reading command, or a file this process cannot write).
    public let isReadOnly: Bool
    let pool: DatabasePool
    /// The runs this store's process claimed, with the owner token it claimed them as: every
    /// commit for one of them first checks, in its transaction, that the run is still its own.
    let heldRuns = Mutex<[Int64: String]>([:])
    /// Data tables a read-only store does not have yet: read as empty.
    let absentTables = Mutex<Set<String>>([])
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
        do {
            // Looked at before the pool switches the file to WAL: another application's
            // database, or a newer store, is left exactly as it was.
            let version = access == .created ? nil : try inspect(path: path, busyTimeout: busyTimeout)
            // A reading command reads a current store through read-only connections, which never
            // write and never wait for a writer's lock (opening a pool for writing may write).
            let readOnly = access == .readOnly || (allowReadOnly && version == EngineSQL<SQLiteDialect>.latestVersion)
            if access == .readOnly, let version, version != EngineSQL<SQLiteDialect>.latestVersion {
                throw StoreError.cannotOpen(
                    location: path,
                    reason: "it was written by an older wfrun and must be upgraded, which needs write access: open it once where it can be written")
            }
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            configuration.label = "wfrun"
            if readOnly {
                configuration.readonly = true
            } else {
                configuration.prepareDatabase { db in
                    // WAL with NORMAL sync survives any crash of the process; only a power loss can
                    // drop the last transactions, and data and checkpoints always go together.
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
            }
            let pool = try await makePool(path: path, configuration: configuration, busyTimeout: busyTimeout)
            let store = SQLiteStore(path: path, pool: pool, isReadOnly: readOnly)
            if !readOnly { try await store.migrate() }
            return store
        } catch {
            throw SQLiteLocation.cannotOpen(path, error, busyTimeout: busyTimeout)
        }
    }

    /// Opens the pool, again while SQLite answers SQLITE_BUSY within `busyTimeout`. Turning a new
    /// file to WAL reads, then writes: when another connection wrote in between (processes
    /// creating one store at once), SQLite refuses at once rather than deadlock, without waiting
    /// out the busy timeout.
    private static func makePool(path: String, configuration: Configuration, busyTimeout: Double) async throws -> DatabasePool {
        let deadline = ContinuousClock.now + .seconds(busyTimeout)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let busy as DatabaseError where busy.resultCode == .SQLITE_BUSY && ContinuousClock.now < deadline {
                // Cancelled meanwhile: SQLite's answer is the reason the store did not open.
                do { try await Task.sleep(for: .milliseconds(10)) } catch { throw busy }
            }
        }
    }

    /// Refuses a file that holds another application's tables, or a store newer than this
    /// binary; reading the schema also finds a damaged file now rather than in a run. Returns
    /// the store's engine version (0 for an empty file or a store from before migrations).
    private static func inspect(path: String, busyTimeout: Double) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            guard !tables.isEmpty else { return 0 }
            let names = Set(tables)
            guard names.contains("run") || names.contains("wfrun_migration") else {
                throw StoreError.notAStore(location: path, tables: tables)
            }
            let version = try Self.version(db)
            if version > EngineSQL<SQLiteDialect>.latestVersion {
                throw StoreError.newerStore(location: path, version: version, known: EngineSQL<SQLiteDialect>.latestVersion)
            }
            return version
        }
    }

    /// Applies the engine migrations the store lacks, in one transaction. A store that lacks
    /// none is only read: commands that read never wait for a writer's lock.
    func migrate() async throws(StoreError) {
        if try await version() == EngineSQL<SQLiteDialect>.latestVersion { return }
        let engine = engine
        let path = path
        let now = ISOTimestamp(Date()).text
        try await write { db in
            let current = try Self.version(db)
            guard current < EngineSQL<SQLiteDialect>.latestVersion else {
                if current > EngineSQL<SQLiteDialect>.latestVersion {
                    throw StoreError.newerStore(location: path, version: current, known: EngineSQL<SQLiteDialect>.latestVersion)
                }
                return
            }
            try db.execute(sql: engine.createMigrationTable)
            for migration in engine.migrations where migration.version > current {
                for table in migration.replacesDataTables
                where try Int.fetchOne(db, sql: engine.selectIsDataTable, arguments: [table]) ?? 0 > 0 {
                    let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(SQLiteDialect().quoted(table))") ?? 0
                    guard rows == 0 else { throw EngineSQL<SQLiteDialect>.replacedTableHasRows(table, rows: rows, version: migration.version) }
                    try db.execute(sql: "DROP TABLE \(SQLiteDialect().quoted(table))")
                    try db.execute(sql: engine.deleteDataTableVersion, arguments: [table])
                }
                for statement in migration.statements {
                    // A store from before migrations has version 0 and the first tables already:
                    // migration 1 creates only what is missing (IF NOT EXISTS).
                    try db.execute(sql: statement)
                }
                try db.execute(sql: engine.insertMigration, arguments: [migration.version, migration.name, now])
            }
        }
    }

    /// The newest engine migration applied (0 for a new file or a store from before migrations).
    private func version() async throws(StoreError) -> Int {
        try await read { db in try Self.version(db) }
    }

    private static func version(_ db: Database) throws -> Int {
        let hasLog = try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE name = 'wfrun_migration'") ?? false
        return hasLog ? (try Int.fetchOne(db, sql: EngineSQL(dialect: SQLiteDialect()).selectMigrationVersion) ?? 0) : 0
    }

    /// A read-only store is left as it is (its engine tables were checked when it was opened): a
    /// data table it does not have yet reads as empty, one older than its schema is refused.
    public func prepare(schemas: [DataSchema]) async throws(StoreError) {
        let tables = schemas.map(TableDefinition.init)
        if isReadOnly {
            try await checkReadable(tables)
            return
        }
        try await migrate()
        if tables.isEmpty { return }
        for table in tables {
            if let problem = table.problem() { throw StoreError.database(problem) }
        }
        let engine = engine
        // Tables already as their schemas say are only read, so a reader never waits for a writer.
        let current = try await read { db in
            try tables.allSatisfy { table in
                try String.fetchOne(db, sql: engine.selectVersion, arguments: [table.name]) == SchemaFingerprint(table.schema).hash
            }
        }
        if current { return }
        let now = ISOTimestamp(Date()).text
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

    private func checkReadable(_ tables: [TableDefinition]) async throws(StoreError) {
        let engine = engine
        let states = try await read { db in
            try tables.map { table -> (String, Bool, Bool) in
                let exists = try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table.name]) ?? false
                let known = try String.fetchOne(db, sql: engine.selectVersion, arguments: [table.name])
                return (table.name, exists, known == SchemaFingerprint(table.schema).hash)
            }
        }
        for (name, exists, current) in states {
            if !exists {
                absentTables.withLock { _ = $0.insert(name) }
            } else if !current {
                throw StoreError.cannotOpen(
                    location: path,
                    reason: "its table \(name) is older than the \(name) schema and this command only reads: a run that writes \(name) upgrades it")
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
