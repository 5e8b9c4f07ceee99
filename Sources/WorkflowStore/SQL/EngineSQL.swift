import WorkflowEngine

/// The engine's own tables (runs, activity runs, logs, checkpoints, and the versions of the data
/// tables) and every statement on them, in one dialect.
struct EngineSQL<Dialect: SQLDialect>: Sendable {
    /// The dialect.
    let dialect: Dialect

    private func q(_ identifier: String) -> String { dialect.quoted(identifier) }
    private func p(_ index: Int) -> String { dialect.parameter(index) }
    private func parameters(_ count: Int) -> String { (1...count).map(p).joined(separator: ", ") }

    /// The engine tables as the first wfrun store had them (migration 1). Later changes are
    /// migrations of their own (`migrations`); never edit a migration once released.
    var createTables: [String] {
        let instant = dialect.instantType
        return [
            """
            CREATE TABLE IF NOT EXISTS \(q("schema_version")) (\(q("table")) TEXT PRIMARY KEY, \
            \(q("fingerprint")) TEXT NOT NULL, \(q("columns")) TEXT NOT NULL, \(q("updated_at")) \(instant) NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(q("run")) (\(q("id")) \(dialect.surrogateKey), \(q("workflow")) TEXT NOT NULL, \
            \(q("file")) TEXT NOT NULL, \(q("status")) TEXT NOT NULL, \(q("parameters")) TEXT NOT NULL, \
            \(q("started_at")) \(instant) NOT NULL, \(q("ended_at")) \(instant), \(q("error")) TEXT)
            """,
            "CREATE INDEX IF NOT EXISTS \(q("run_workflow_idx")) ON \(q("run")) (\(q("workflow")), \(q("id")))",
            """
            CREATE TABLE IF NOT EXISTS \(q("activity_run")) (\(q("run")) BIGINT NOT NULL REFERENCES \(q("run")) (\(q("id"))), \
            \(q("activity")) TEXT NOT NULL, \(q("kind")) TEXT NOT NULL, \(q("status")) TEXT NOT NULL, \
            \(q("attempts")) BIGINT NOT NULL, \(q("records_in")) BIGINT NOT NULL, \(q("records_out")) BIGINT NOT NULL, \
            \(q("started_at")) \(instant) NOT NULL, \(q("ended_at")) \(instant), \(q("error")) TEXT, \(q("outcome")) TEXT, \
            PRIMARY KEY (\(q("run")), \(q("activity"))))
            """,
            """
            CREATE TABLE IF NOT EXISTS \(q("run_log")) (\(q("id")) \(dialect.surrogateKey), \
            \(q("run")) BIGINT NOT NULL REFERENCES \(q("run")) (\(q("id"))), \(q("activity")) TEXT, \
            \(q("level")) TEXT NOT NULL, \(q("message")) TEXT NOT NULL, \(q("at")) \(instant) NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS \(q("run_log_run_idx")) ON \(q("run_log")) (\(q("run")), \(q("id")))",
            """
            CREATE TABLE IF NOT EXISTS \(q("checkpoint")) (\(q("run")) BIGINT NOT NULL REFERENCES \(q("run")) (\(q("id"))), \
            \(q("sink")) TEXT NOT NULL, \(q("source")) TEXT NOT NULL, \(q("sequence")) BIGINT NOT NULL, \
            \(q("cursor")) TEXT NOT NULL, PRIMARY KEY (\(q("run")), \(q("sink")), \(q("source"))))
            """,
        ]
    }

    // MARK: Data table versions

    /// The fingerprint of the table named by parameter 1.
    var selectVersion: String {
        "SELECT \(q("fingerprint")) FROM \(q("schema_version")) WHERE \(q("table")) = \(p(1))"
    }

    /// Records table (1), fingerprint (2), column list (3) and when (4).
    var saveVersion: String {
        """
        INSERT INTO \(q("schema_version")) (\(dialect.quotedList(["table", "fingerprint", "columns", "updated_at"]))) \
        VALUES (\(parameters(4))) ON CONFLICT (\(q("table"))) DO UPDATE SET \(q("fingerprint")) = EXCLUDED.\(q("fingerprint")), \
        \(q("columns")) = EXCLUDED.\(q("columns")), \(q("updated_at")) = EXCLUDED.\(q("updated_at"))
        """
    }

    // MARK: Runs

    var runColumns: String { dialect.quotedList(runColumnNames) }

    /// The columns a `RunRecord` is read from, in order.
    var runColumnNames: [String] {
        ["id", "workflow", "file", "status", "parameters", "started_at", "ended_at", "error", "owner", "lease_until", "resume_at"]
    }

    /// Inserts workflow, file, status, parameters, started_at, ended_at, error, owner,
    /// lease_until; returns the id.
    var insertRun: String {
        """
        INSERT INTO \(q("run")) (\(dialect.quotedList(["workflow", "file", "status", "parameters", "started_at", "ended_at", "error", "owner", "lease_until"]))) \
        VALUES (\(parameters(9))) RETURNING \(q("id"))
        """
    }

    // MARK: Ownership

    /// The runs of workflow (1) marked running, newest first.
    var selectRunningRuns: String {
        "SELECT \(runColumns) FROM \(q("run")) WHERE \(q("workflow")) = \(p(1)) AND \(q("status")) = 'running' ORDER BY \(q("id")) DESC"
    }

    /// Takes run (1) for owner (2) with a lease until (3): running again, its end and error cleared.
    var takeRun: String {
        """
        UPDATE \(q("run")) SET \(q("status")) = 'running', \(q("ended_at")) = NULL, \(q("error")) = NULL, \
        \(q("owner")) = \(p(2)), \(q("lease_until")) = \(p(3)), \(q("resume_at")) = NULL WHERE \(q("id")) = \(p(1))
        """
    }

    /// Marks run (1), still marked running but whose owner is gone, interrupted at (2) with error (3).
    var abandonRun: String {
        """
        UPDATE \(q("run")) SET \(q("status")) = 'interrupted', \(q("ended_at")) = \(p(2)), \(q("error")) = \(p(3)), \
        \(q("lease_until")) = NULL WHERE \(q("id")) = \(p(1)) AND \(q("status")) = 'running'
        """
    }

    /// Moves the lease of run (1) to (3) if owner (2) still holds it (see `SQLDialect.leaseUntil`).
    var renewLease: String {
        """
        UPDATE \(q("run")) SET \(q("lease_until")) = \(dialect.leaseUntil(p(3))) \
        WHERE \(q("id")) = \(p(1)) AND \(q("owner")) = \(p(2)) AND \(q("status")) = 'running'
        """
    }

    /// The owner and status of run (1), for the fence every commit of a held run passes.
    var selectOwner: String {
        "SELECT \(q("owner")), \(q("status")) FROM \(q("run")) WHERE \(q("id")) = \(p(1))"
    }

    /// Sets status (3), ended_at (4), error (5) and resume_at (6) of run (1) and releases its
    /// lease, if owner (2) holds it.
    var finishRun: String {
        """
        UPDATE \(q("run")) SET \(q("status")) = \(p(3)), \(q("ended_at")) = \(p(4)), \(q("error")) = \(p(5)), \
        \(q("resume_at")) = \(p(6)), \(q("lease_until")) = NULL WHERE \(q("id")) = \(p(1)) AND \(q("owner")) = \(p(2))
        """
    }

    /// Sets status (2), ended_at (3) and error (4) of run (1).
    var updateRun: String {
        "UPDATE \(q("run")) SET \(q("status")) = \(p(2)), \(q("ended_at")) = \(p(3)), \(q("error")) = \(p(4)) WHERE \(q("id")) = \(p(1))"
    }

    /// The run with id (1).
    var selectRun: String { "SELECT \(runColumns) FROM \(q("run")) WHERE \(q("id")) = \(p(1))" }

    /// At most (1) runs, newest first.
    var selectRuns: String { "SELECT \(runColumns) FROM \(q("run")) ORDER BY \(q("id")) DESC LIMIT \(p(1))" }

    /// At most (2) runs of workflow (1), newest first.
    var selectRunsOfWorkflow: String {
        "SELECT \(runColumns) FROM \(q("run")) WHERE \(q("workflow")) = \(p(1)) ORDER BY \(q("id")) DESC LIMIT \(p(2))"
    }

    /// The newest run of workflow (1) that is running, failed or interrupted and that no
    /// successful run of the same workflow followed.
    var selectResumableRun: String {
        """
        SELECT \(runColumns) FROM \(q("run")) WHERE \(q("workflow")) = \(p(1)) \
        AND \(q("status")) IN ('running', 'failed', 'interrupted') \
        AND \(q("id")) > COALESCE((SELECT MAX(\(q("id"))) FROM \(q("run")) WHERE \(q("workflow")) = \(p(1)) AND \(q("status")) = 'succeeded'), 0) \
        ORDER BY \(q("id")) DESC LIMIT 1
        """
    }

    // MARK: Activity runs

    private static var activityColumns: [String] {
        ["run", "activity", "kind", "status", "attempts", "records_in", "records_out", "started_at", "ended_at", "error", "outcome"]
    }

    /// Inserts or replaces the eleven columns of an activity run, in table order.
    var saveActivityRun: String {
        let updates = Self.activityColumns.dropFirst(2).map { "\(q($0)) = EXCLUDED.\(q($0))" }
        return """
            INSERT INTO \(q("activity_run")) (\(dialect.quotedList(Self.activityColumns))) VALUES (\(parameters(11))) \
            ON CONFLICT (\(q("run")), \(q("activity"))) DO UPDATE SET \(updates.joined(separator: ", "))
            """
    }

    /// The activity runs of run (1), in the order they started.
    var selectActivityRuns: String {
        """
        SELECT \(dialect.quotedList(Self.activityColumns)) FROM \(q("activity_run")) WHERE \(q("run")) = \(p(1)) \
        ORDER BY \(q("started_at")), \(q("activity"))
        """
    }

    // MARK: Logs

    /// Appends run, activity, level, message, at.
    var insertLog: String {
        "INSERT INTO \(q("run_log")) (\(dialect.quotedList(["run", "activity", "level", "message", "at"]))) VALUES (\(parameters(5)))"
    }

    /// The log of run (1), oldest first.
    var selectLogs: String {
        """
        SELECT \(dialect.quotedList(["run", "activity", "level", "message", "at"])) FROM \(q("run_log")) \
        WHERE \(q("run")) = \(p(1)) ORDER BY \(q("id"))
        """
    }

    // MARK: Checkpoints

    /// Records run, sink, source, sequence, cursor; a newer sequence replaces an older one, an
    /// older one changes nothing.
    var saveCheckpoint: String {
        """
        INSERT INTO \(q("checkpoint")) (\(dialect.quotedList(["run", "sink", "source", "sequence", "cursor"]))) VALUES (\(parameters(5))) \
        ON CONFLICT (\(q("run")), \(q("sink")), \(q("source"))) DO UPDATE SET \(q("sequence")) = EXCLUDED.\(q("sequence")), \
        \(q("cursor")) = EXCLUDED.\(q("cursor")) WHERE EXCLUDED.\(q("sequence")) >= \(q("checkpoint")).\(q("sequence"))
        """
    }

    /// The checkpoints of run (1).
    var selectCheckpoints: String {
        """
        SELECT \(dialect.quotedList(["run", "sink", "source", "sequence", "cursor"])) FROM \(q("checkpoint")) \
        WHERE \(q("run")) = \(p(1)) ORDER BY \(q("sink")), \(q("source"))
        """
    }

    // MARK: Migrations

    /// Every change of the engine tables, oldest first. A store records the versions applied in
    /// `wfrun_migration`; a store older than the binary is migrated in place, a newer one refused.
    var migrations: [EngineMigration] {
        [
            EngineMigration(version: 1, name: "engine tables", statements: createTables),
            EngineMigration(version: 2, name: "run owner and lease", statements: [
                "ALTER TABLE \(q("run")) ADD COLUMN \(q("owner")) TEXT",
                "ALTER TABLE \(q("run")) ADD COLUMN \(q("lease_until")) \(dialect.instantType)",
            ]),
            EngineMigration(version: 3, name: "serve: workflow state, fires, nodes", statements: controlTables),
            EngineMigration(
                version: 4, name: "publish: delivery log", statements: deliveryTables,
                replacesDataTables: ["delivery", "delivery_recipient"]),
            EngineMigration(version: 5, name: "tracked links", statements: linkTables),
            EngineMigration(version: 6, name: "console credential", statements: consoleTables),
            EngineMigration(version: 7, name: "console: run query indexes", statements: queryIndexes),
            EngineMigration(version: 8, name: "contacts: consents, consent texts, sign-in flows", statements: contactTables),
        ]
    }

    /// The newest version this binary knows.
    static var latestVersion: Int { 8 }

    /// The table of applied migrations.
    var createMigrationTable: String {
        """
        CREATE TABLE IF NOT EXISTS \(q("wfrun_migration")) (\(q("version")) BIGINT PRIMARY KEY, \
        \(q("name")) TEXT NOT NULL, \(q("applied_at")) \(dialect.instantType) NOT NULL)
        """
    }

    /// The newest applied version (NULL when none).
    var selectMigrationVersion: String { "SELECT MAX(\(q("version"))) FROM \(q("wfrun_migration"))" }

    /// Records version (1), name (2), applied at (3).
    var insertMigration: String {
        "INSERT INTO \(q("wfrun_migration")) (\(dialect.quotedList(["version", "name", "applied_at"]))) VALUES (\(parameters(3)))"
    }
}

/// One change of the engine tables.
struct EngineMigration: Sendable {
    /// Its number: applied in order, each once.
    let version: Int
    /// What it does, as recorded in `wfrun_migration`.
    let name: String
    /// Its statements, run in one transaction with the record of it.
    let statements: [String]
    /// Data tables of earlier data schemas whose names the migration takes for engine tables:
    /// dropped first when empty; a store where one holds rows is refused, nothing changed
    /// (`EngineSQL.replacedTableHasRows`).
    var replacesDataTables: [String] = []
}

extension EngineSQL {
    /// Whether data table (1) was created from a data schema.
    var selectIsDataTable: String {
        "SELECT COUNT(*) FROM \(dialect.quoted("schema_version")) WHERE \(dialect.quoted("table")) = \(dialect.parameter(1))"
    }

    /// Forgets data table (1).
    var deleteDataTableVersion: String {
        "DELETE FROM \(dialect.quoted("schema_version")) WHERE \(dialect.quoted("table")) = \(dialect.parameter(1))"
    }

    /// Why a store is not migrated when a replaced data table holds rows.
    static func replacedTableHasRows(_ table: String, rows: Int, version: Int) -> StoreError {
        .database(
            "the store has a data table '\(table)' with \(rows) row\(rows == 1 ? "" : "s"), from a data schema that wfrun no longer "
                + "ships; migration \(version) needs its name for the delivery log. Copy the rows elsewhere, drop the table, "
                + "and run again")
    }
}
