/// The tables and statements of `wfrun serve`'s control state: workflow state, fires, nodes.
extension EngineSQL {
    private func q(_ identifier: String) -> String { dialect.quoted(identifier) }
    private func p(_ index: Int) -> String { dialect.parameter(index) }
    private func parameters(_ count: Int) -> String { (1...count).map(p).joined(separator: ", ") }

    /// Migration 3.
    var controlTables: [String] {
        let instant = dialect.instantType
        return [
            """
            CREATE TABLE IF NOT EXISTS \(q("workflow_control")) (\(q("workflow")) TEXT PRIMARY KEY, \
            \(q("state")) TEXT NOT NULL, \(q("changed_at")) \(instant) NOT NULL, \(q("changed_by")) TEXT NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(q("fire")) (\(q("id")) \(dialect.surrogateKey), \(q("workflow")) TEXT NOT NULL, \
            \(q("reason")) TEXT NOT NULL, \(q("scheduled_at")) \(instant) NOT NULL, \(q("fired_at")) \(instant), \
            \(q("node")) TEXT, \(q("run")) BIGINT, \(q("outcome")) TEXT NOT NULL, \(q("missed")) BIGINT NOT NULL, \
            \(q("parameters")) TEXT NOT NULL, \(q("detail")) TEXT)
            """,
            // A scheduled instant is fired once, whichever node gets there first.
            """
            CREATE UNIQUE INDEX IF NOT EXISTS \(q("fire_schedule_key")) ON \(q("fire")) (\(q("workflow")), \(q("scheduled_at"))) \
            WHERE \(q("reason")) = 'schedule'
            """,
            "CREATE INDEX IF NOT EXISTS \(q("fire_workflow_idx")) ON \(q("fire")) (\(q("workflow")), \(q("id")))",
            "CREATE INDEX IF NOT EXISTS \(q("fire_queued_idx")) ON \(q("fire")) (\(q("outcome")), \(q("id")))",
            """
            CREATE TABLE IF NOT EXISTS \(q("node")) (\(q("name")) TEXT PRIMARY KEY, \(q("started_at")) \(instant) NOT NULL, \
            \(q("heartbeat_at")) \(instant) NOT NULL, \(q("listen")) TEXT, \(q("runs")) BIGINT NOT NULL)
            """,
            "ALTER TABLE \(q("run")) ADD COLUMN \(q("resume_at")) \(instant)",
        ]
    }

    // MARK: Workflow state

    /// Sets workflow (1) to state (2) at (3) by (4); a workflow already in that state keeps the
    /// instant it entered it.
    var saveControl: String {
        """
        INSERT INTO \(q("workflow_control")) (\(dialect.quotedList(["workflow", "state", "changed_at", "changed_by"]))) \
        VALUES (\(parameters(4))) ON CONFLICT (\(q("workflow"))) DO UPDATE SET \(q("state")) = EXCLUDED.\(q("state")), \
        \(q("changed_at")) = EXCLUDED.\(q("changed_at")), \(q("changed_by")) = EXCLUDED.\(q("changed_by")) \
        WHERE \(q("workflow_control")).\(q("state")) <> EXCLUDED.\(q("state"))
        """
    }

    /// Every control row, by workflow.
    var selectControls: String {
        """
        SELECT \(dialect.quotedList(["workflow", "state", "changed_at", "changed_by"])) FROM \(q("workflow_control")) \
        ORDER BY \(q("workflow"))
        """
    }

    // MARK: Fires

    static var fireColumnNames: [String] {
        ["id", "workflow", "reason", "scheduled_at", "fired_at", "node", "run", "outcome", "missed", "parameters", "detail"]
    }

    private var fireColumns: String { dialect.quotedList(Self.fireColumnNames) }

    /// Inserts a fire: workflow (1), reason (2), scheduled_at (3), fired_at (4), node (5),
    /// outcome (6), missed (7), parameters (8), detail (9); a scheduled instant already taken
    /// inserts nothing and returns no row.
    var insertFire: String {
        """
        INSERT INTO \(q("fire")) (\(dialect.quotedList(["workflow", "reason", "scheduled_at", "fired_at", "node", "outcome", "missed", "parameters", "detail"]))) \
        VALUES (\(parameters(9))) ON CONFLICT (\(q("workflow")), \(q("scheduled_at"))) WHERE \(q("reason")) = 'schedule' \
        DO NOTHING RETURNING \(fireColumns)
        """
    }

    /// The newest scheduled instant of workflow (1).
    var selectLastScheduledFire: String {
        """
        SELECT MAX(\(q("scheduled_at"))) FROM \(q("fire")) WHERE \(q("workflow")) = \(p(1)) AND \(q("reason")) = 'schedule'
        """
    }

    /// The newest scheduled instant of every workflow.
    var selectLastScheduledFires: String {
        """
        SELECT \(q("workflow")), MAX(\(q("scheduled_at"))) FROM \(q("fire")) WHERE \(q("reason")) = 'schedule' \
        GROUP BY \(q("workflow"))
        """
    }

    /// The oldest queued triggers (at most 100).
    var selectQueuedTriggers: String {
        "SELECT \(fireColumns) FROM \(q("fire")) WHERE \(q("outcome")) = 'queued' ORDER BY \(q("id")) LIMIT 100"
    }

    /// Takes queued fire (1) for node (2) at (3); no row when it is no longer queued.
    var takeTrigger: String {
        """
        UPDATE \(q("fire")) SET \(q("outcome")) = 'claimed', \(q("node")) = \(p(2)), \(q("fired_at")) = \(p(3)) \
        WHERE \(q("id")) = \(p(1)) AND \(q("outcome")) = 'queued' RETURNING \(fireColumns)
        """
    }

    /// The newest run of each workflow.
    var selectLatestRuns: String { newestRunOfEachWorkflow("") }

    /// The newest run of each workflow, when it is running or interrupted.
    var selectWaitingRuns: String {
        newestRunOfEachWorkflow(" WHERE \(q("r")).\(q("status")) IN ('running', 'interrupted') ORDER BY \(q("r")).\(q("id"))")
    }

    /// The newest run of each workflow, then `rest` (on `r`): the workflows are found by
    /// skipping from one to the next on the (workflow, id) index, one seek each, so the cost
    /// follows the number of workflows, not of runs (a correlated MAX per run took 40 ms at
    /// 100,000 runs; this takes under one).
    private func newestRunOfEachWorkflow(_ rest: String) -> String {
        let workflow = q("workflow")
        let columns = runColumnNames.map { "\(q("r")).\(q($0))" }.joined(separator: ", ")
        return """
            WITH RECURSIVE \(q("w")) (\(q("name"))) AS (SELECT MIN(\(workflow)) FROM \(q("run")) UNION ALL \
            SELECT (SELECT MIN(\(workflow)) FROM \(q("run")) WHERE \(workflow) > \(q("w")).\(q("name"))) FROM \(q("w")) \
            WHERE \(q("w")).\(q("name")) IS NOT NULL) \
            SELECT \(columns) FROM \(q("w")) JOIN \(q("run")) AS \(q("r")) \
            ON \(q("r")).\(q("id")) = (SELECT MAX(\(q("id"))) FROM \(q("run")) WHERE \(workflow) = \(q("w")).\(q("name")))\(rest)
            """
    }

    /// The fires claimed and not settled.
    var selectClaimedFires: String {
        "SELECT \(fireColumns) FROM \(q("fire")) WHERE \(q("outcome")) = 'claimed' ORDER BY \(q("id")) LIMIT 100"
    }

    /// Gives claimed fire (1), held by node (2), to node (3) at (4); no row when it is settled
    /// or held by another node now.
    var adoptFire: String {
        """
        UPDATE \(q("fire")) SET \(q("node")) = \(p(3)), \(q("fired_at")) = \(p(4)) \
        WHERE \(q("id")) = \(p(1)) AND \(q("outcome")) = 'claimed' AND (\(q("node")) = \(p(2)) OR (\(q("node")) IS NULL AND \(p(2)) IS NULL)) RETURNING \(fireColumns)
        """
    }

    /// Sets outcome (2), run (3) and detail (4, unless null) of fire (1).
    var settleFire: String {
        "UPDATE \(q("fire")) SET \(q("outcome")) = \(p(2)), \(q("run")) = \(p(3)), \(q("detail")) = COALESCE(\(p(4)), \(q("detail"))) WHERE \(q("id")) = \(p(1))"
    }

    /// At most (1) fires, newest first.
    var selectFires: String { "SELECT \(fireColumns) FROM \(q("fire")) ORDER BY \(q("id")) DESC LIMIT \(p(1))" }

    /// At most (2) fires of workflow (1), newest first.
    var selectFiresOfWorkflow: String {
        "SELECT \(fireColumns) FROM \(q("fire")) WHERE \(q("workflow")) = \(p(1)) ORDER BY \(q("id")) DESC LIMIT \(p(2))"
    }

    // MARK: Nodes

    static var nodeColumnNames: [String] { ["name", "started_at", "heartbeat_at", "listen", "runs"] }

    /// Registers node name (1), started (2), heartbeat (3, see `SQLDialect.leaseUntil`), listen (4).
    var saveNode: String {
        """
        INSERT INTO \(q("node")) (\(dialect.quotedList(Self.nodeColumnNames))) VALUES (\(p(1)), \(p(2)), \(dialect.leaseUntil(p(3))), \(p(4)), 0) \
        ON CONFLICT (\(q("name"))) DO UPDATE SET \(q("started_at")) = EXCLUDED.\(q("started_at")), \
        \(q("heartbeat_at")) = EXCLUDED.\(q("heartbeat_at")), \(q("listen")) = EXCLUDED.\(q("listen")), \(q("runs")) = 0
        """
    }

    /// Moves the heartbeat of node (1) to now (2, see `SQLDialect.leaseUntil`) with runs (3).
    var heartbeatNode: String {
        """
        UPDATE \(q("node")) SET \(q("heartbeat_at")) = \(dialect.leaseUntil(p(2))), \(q("runs")) = \(p(3)) \
        WHERE \(q("name")) = \(p(1))
        """
    }

    /// Removes node (1).
    var deleteNode: String { "DELETE FROM \(q("node")) WHERE \(q("name")) = \(p(1))" }

    /// Every node, by name.
    var selectNodes: String { "SELECT \(dialect.quotedList(Self.nodeColumnNames)) FROM \(q("node")) ORDER BY \(q("name"))" }

    /// Sets the instant run (1) may resume at (2): a run paused on a rate limit.
    var saveResumeAt: String { "UPDATE \(q("run")) SET \(q("resume_at")) = \(p(2)) WHERE \(q("id")) = \(p(1))" }
}
