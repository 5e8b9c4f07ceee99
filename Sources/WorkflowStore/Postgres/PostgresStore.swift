import Foundation
import PostgresNIO
import Synchronization
import WorkflowEngine
import WorkflowModel

/// The shared store: a PostgreSQL database reached through postgres-nio's `PostgresClient`
/// (a connection pool), so several `wfrun` processes can use one database.
///
/// ```swift
/// let store = try await PostgresStore.open(url: "postgres://wfrun:secret@db.internal:5432/wfrun")
/// defer { Task { try? await store.close() } }
/// ```
///
/// Batches are upserted with one `INSERT … SELECT FROM unnest(…) ON CONFLICT … DO UPDATE`
/// statement per batch, each column sent as one array parameter.
public final class PostgresStore: WorkflowStore {
    /// How long `open` waits for the server to accept a connection, in seconds.
    public static let connectTimeout: Double = 5
    /// How long one statement (or one transaction) may take, waiting for a pooled connection
    /// included, before it fails: a server that stopped or a peer that vanished must end the
    /// run with an error, never hang it. Long enough for the largest batch and a migration.
    /// `$WFRUN_STATEMENT_TIMEOUT` (seconds, 1 to 3600) changes it.
    public static let defaultStatementTimeout: Double = 60

    /// The statement bound in force: `$WFRUN_STATEMENT_TIMEOUT` when it is a number of seconds
    /// from 1 to 3600, else `defaultStatementTimeout`.
    public static let statementTimeout: Double = {
        guard let text = ProcessInfo.processInfo.environment["WFRUN_STATEMENT_TIMEOUT"], let seconds = Double(text),
            seconds >= 1, seconds <= 3600
        else { return defaultStatementTimeout }
        return seconds
    }()
    /// The advisory lock `prepare` holds, so that processes sharing a database create and
    /// migrate tables one at a time (any number wfrun alone uses would do).
    static let prepareLock: Int64 = 0x7766_7275_6e00  // "wfrun"

    /// The URL, its password replaced by `***`.
    public let location: String
    let client: PostgresClient
    let logger: Logger
    let engine = EngineSQL(dialect: PostgresDialect())
    /// The batch upsert texts built so far.
    let upsertTexts = StatementTextCache()
    /// The runs this store's process claimed, with the owner token it claimed them as: every
    /// commit for one of them first checks, in its transaction, that the run is still its own.
    let heldRuns = Mutex<[Int64: String]>([:])
    /// The data tables this store has prepared (by schema fingerprint), and whether it has
    /// prepared at all (the engine tables then exist and are migrated).
    let preparedTables = Mutex<(prepared: Bool, hashes: Set<String>)>((false, []))
    /// Runs the pool; cancelling it closes the client.
    private let runner: Task<Void, Never>

    private init(location: String, client: PostgresClient, logger: Logger) {
        self.location = location
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    deinit {
        runner.cancel()
    }

    /// Connects to the database at `url` (`postgres://user:password@host:port/database`; see
    /// `PostgresLocation` for sockets and TLS). A bad URL, an unreachable server, a refused
    /// login or a missing database is a `StoreError.cannotOpen` naming the URL without its
    /// password.
    public static func open(url: String) async throws(StoreError) -> PostgresStore {
        let location = try PostgresLocation(url: url)
        var logger = Logger(label: "wfrun.store.postgres")
        logger.logLevel = .critical
        // The pool retries a failing server forever, so one plain connection checks the URL,
        // the server and the login first, and fails fast with the reason.
        do {
            let configuration = try location.connectionConfiguration(connectTimeout: .seconds(Int64(connectTimeout)))
            let probeLogger = logger
            try await withBoundedWait(seconds: connectTimeout * 2) {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: probeLogger)
                do {
                    try await connection.query("SELECT 1", logger: probeLogger)
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            }
        } catch {
            throw StoreError.cannotOpen(location: location.redacted, reason: PostgresFailure.connectReason(error, location: location))
        }
        let client = PostgresClient(configuration: location.clientConfiguration(connectTimeout: .seconds(connectTimeout)))
        let store = PostgresStore(location: location.redacted, client: client, logger: logger)
        try await store.migrate()
        return store
    }

    /// Applies the engine migrations the database lacks, in one transaction that holds the
    /// prepare lock; a database migrated by a newer wfrun is refused, unchanged.
    func migrate() async throws(StoreError) {
        let engine = engine
        let logger = logger
        let location = location
        let now = Date()
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.prepareLock))", logger: logger)
            var hasLog = false
            for try await exists in try await connection.query(
                "SELECT to_regclass('wfrun_migration') IS NOT NULL", logger: logger
            ).decode(Bool.self) {
                hasLog = exists
            }
            var current = 0
            if hasLog {
                for try await version in try await connection.query(PostgresQuery(unsafeSQL: engine.selectMigrationVersion), logger: logger)
                    .decode(Int64?.self)
                {
                    current = Int(version ?? 0)
                }
            }
            let latest = EngineSQL<PostgresDialect>.latestVersion
            if current > latest { throw StoreError.newerStore(location: location, version: current, known: latest) }
            guard current < latest else { return }
            try await connection.query(PostgresQuery(unsafeSQL: engine.createMigrationTable), logger: logger)
            for migration in engine.migrations where migration.version > current {
                for table in migration.replacesDataTables {
                    var name = PostgresBindings()
                    name.append(table)
                    var registered: Int64 = 0
                    for try await count in try await connection.query(
                        PostgresQuery(unsafeSQL: engine.selectIsDataTable, binds: name), logger: logger
                    ).decode(Int64.self) {
                        registered = count
                    }
                    guard registered > 0 else { continue }
                    let quoted = PostgresDialect().quoted(table)
                    var rows: Int64 = 0
                    for try await count in try await connection.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(quoted)"), logger: logger)
                        .decode(Int64.self)
                    {
                        rows = count
                    }
                    guard rows == 0 else {
                        throw EngineSQL<PostgresDialect>.replacedTableHasRows(table, rows: Int(rows), version: migration.version)
                    }
                    try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE \(quoted)"), logger: logger)
                    try await connection.query(PostgresQuery(unsafeSQL: engine.deleteDataTableVersion, binds: name), logger: logger)
                }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                var binds = PostgresBindings()
                binds.append(Int64(migration.version))
                binds.append(migration.name)
                binds.append(now)
                try await connection.query(PostgresQuery(unsafeSQL: engine.insertMigration, binds: binds), logger: logger)
            }
        }
    }

    /// Creates the engine tables, then each data table, or adds the columns a schema gained.
    /// Several processes may prepare at once: an advisory lock takes them one at a time.
    ///
    /// What this store prepared once is not prepared again: a server starts each run with a
    /// prepare, and the lock would otherwise take every run start of a cluster one at a time.
    public func prepare(schemas: [DataSchema]) async throws(StoreError) {
        let tables = schemas.map(TableDefinition.init)
        for table in tables {
            if let problem = table.problem() { throw StoreError.database(problem) }
        }
        let hashes = Set(tables.map { SchemaFingerprint($0.schema).hash })
        if preparedTables.withLock({ $0.prepared && hashes.isSubset(of: $0.hashes) }) { return }
        let engine = engine
        let logger = logger
        let now = Date()
        try await migrate()
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.prepareLock))", logger: logger)
            for table in tables {
                let fingerprint = SchemaFingerprint(table.schema)
                var binds = PostgresBindings()
                binds.append(table.name)
                var known: String?
                for try await hash in try await connection.query(PostgresQuery(unsafeSQL: engine.selectVersion, binds: binds), logger: logger)
                    .decode(String.self)
                {
                    known = hash
                }
                if known == fingerprint.hash { continue }
                let sql = TableSQL(table: table, dialect: PostgresDialect())
                try await connection.query(PostgresQuery(unsafeSQL: sql.createTable), logger: logger)
                var existing: Set<String> = []
                for try await name in try await connection.query(
                    PostgresQuery(unsafeSQL: PostgresDialect().tableColumnsQuery, binds: binds), logger: logger
                ).decode(String.self) {
                    existing.insert(name)
                }
                for column in table.schema.columns where !existing.contains(column.name) {
                    try await connection.query(PostgresQuery(unsafeSQL: sql.addColumn(column)), logger: logger)
                }
                for statement in sql.createIndexes { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                var version = PostgresBindings()
                version.append(table.name)
                version.append(fingerprint.hash)
                version.append(fingerprint.columns)
                version.append(now)
                try await connection.query(PostgresQuery(unsafeSQL: engine.saveVersion, binds: version), logger: logger)
            }
        }
        preparedTables.withLock { state in
            state.prepared = true
            state.hashes.formUnion(hashes)
        }
    }

    /// Closes the pool's connections; later calls fail.
    public func close() async throws(StoreError) {
        runner.cancel()
        await runner.value
    }

    // MARK: Running statements

    /// Runs one statement outside any explicit transaction and returns its rows.
    func query(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) async throws(StoreError) -> [PostgresRow] {
        let logger = logger
        let client = client
        do {
            return try await withBoundedWait(seconds: Self.statementTimeout) {
                var rows: [PostgresRow] = []
                for try await row in try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
                    rows.append(row)
                }
                return rows
            }
        } catch {
            throw PostgresFailure.statementError(error)
        }
    }

    /// Runs `body` in a transaction on one pooled connection: committed when it returns,
    /// rolled back when it throws.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        let logger = logger
        let client = client
        do {
            return try await withBoundedWait(seconds: Self.statementTimeout) {
                try await client.withConnection { connection in
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        let result = try await body(connection)
                        try await connection.query("COMMIT", logger: logger)
                        return result
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            }
        } catch {
            throw PostgresFailure.statementError(error)
        }
    }
}
