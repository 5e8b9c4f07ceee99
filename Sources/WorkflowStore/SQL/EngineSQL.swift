/// The engine's own tables (runs, activity runs, logs, checkpoints, and the versions of the data
/// tables) and every statement on them, in one dialect.
struct EngineSQL<Dialect: SQLDialect>: Sendable {
    /// The dialect.
    let dialect: Dialect

    private func q(_ identifier: String) -> String { dialect.quoted(identifier) }
    private func p(_ index: Int) -> String { dialect.parameter(index) }
    private func parameters(_ count: Int) -> String { (1...count).map(p).joined(separator: ", ") }

    /// Creates the tables and indexes that do not exist yet.
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

    private var runColumns: String {
        dialect.quotedList(["id", "workflow", "file", "status", "parameters", "started_at", "ended_at", "error"])
    }

    /// Inserts workflow, file, status, parameters, started_at, ended_at, error; returns the id.
    var insertRun: String {
        """
        INSERT INTO \(q("run")) (\(dialect.quotedList(["workflow", "file", "status", "parameters", "started_at", "ended_at", "error"]))) \
        VALUES (\(parameters(7))) RETURNING \(q("id"))
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
}
