import Foundation
import PostgresNIO
import WorkflowEngine

extension PostgresStore: ControlStore {
    /// The server's clock: every node of a cluster reads the same one.
    public func databaseNow() async throws(StoreError) -> Date {
        guard let row = try await query("SELECT clock_timestamp()").first else {
            throw StoreError.database("the server did not tell its time")
        }
        return try decode(row, Date.self)
    }

    public func setState(_ state: WorkflowState, of workflows: [String], by who: String, at instant: Date) async throws(StoreError) {
        let sql = engine.saveControl
        let logger = logger
        try await transaction { connection in
            for workflow in workflows {
                var binds = PostgresBindings()
                binds.append(workflow)
                binds.append(state.rawValue)
                binds.append(instant)
                binds.append(who)
                try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            }
        }
    }

    public func controls() async throws(StoreError) -> [WorkflowControl] {
        try await query(engine.selectControls).map { row throws(StoreError) in
            let (workflow, state, changedAt, changedBy) = try decode(row, (String, String, Date, String).self)
            guard let state = WorkflowState(rawValue: state) else {
                throw StoreError.database("unknown workflow state \(state) in workflow_control")
            }
            return WorkflowControl(workflow: workflow, state: state, changedAt: changedAt, changedBy: changedBy)
        }
    }

    public func claimFire(_ fire: FireClaim) async throws(StoreError) -> FireRecord? {
        try await claimFires([fire]).first
    }

    /// Claims of one workflow's fires are taken one at a time: an advisory lock on its name, the
    /// locks of a batch taken in name order so that two batches never wait on each other in a
    /// circle. So the newest fire read here is still the newest when the row is inserted. A
    /// batch costs three statements whatever its size: the locks, the newest fires, the inserts.
    public func claimFires(_ fires: [FireClaim]) async throws(StoreError) -> [FireRecord] {
        guard !fires.isEmpty else { return [] }
        let logger = logger
        let ordered = fires.sorted { $0.workflow < $1.workflow }
        let parameters = RunParametersText.encode([:])
        return try await transaction { connection -> [FireRecord] in
            var names = PostgresBindings()
            names.append(ordered.map { "wfrun.fire/" + $0.workflow })
            try await connection.query(PostgresQuery(unsafeSQL: Self.lockFires, binds: names), logger: logger)
            var workflows = PostgresBindings()
            workflows.append(ordered.map(\.workflow))
            var last: [String: Date] = [:]
            for try await (workflow, newest) in try await connection.query(
                PostgresQuery(unsafeSQL: Self.selectNewestFires, binds: workflows), logger: logger
            ).decode((String, Date).self) {
                last[workflow] = newest
            }
            let due = ordered.filter { fire in last[fire.workflow].map { fire.scheduledAt > $0 } ?? true }
            guard !due.isEmpty else { return [] }
            var rows = PostgresBindings()
            rows.append(due.map(\.workflow))
            rows.append(due.map(\.scheduledAt))
            rows.append(due.map(\.firedAt))
            rows.append(due.map(\.node.token))
            rows.append(due.map(\.outcome.rawValue))
            rows.append(due.map { Int64($0.missed(after: last[$0.workflow])) })
            rows.append(parameters)
            var claimed: [FireRecord] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: Self.insertFires, binds: rows), logger: logger) {
                claimed.append(try Self.fireRecord(row))
            }
            return claimed
        }
    }

    /// Takes the advisory locks named by $1, in its order.
    private static let lockFires = """
        SELECT count(*) FROM (SELECT n FROM unnest($1::text[]) WITH ORDINALITY AS l(n, i) ORDER BY i) AS sorted, \
        LATERAL (SELECT pg_advisory_xact_lock(hashtextextended(sorted.n, 0))) AS locked
        """

    /// The newest scheduled fire of each workflow of $1 that has one.
    private static let selectNewestFires = """
        SELECT "workflow", max("scheduled_at") FROM "fire" WHERE "reason" = 'schedule' AND "workflow" = ANY($1::text[]) \
        GROUP BY "workflow"
        """

    /// Inserts the scheduled fires given as arrays ($1 workflows … $6 missed; $7 the parameters
    /// text); an instant already taken inserts nothing.
    private static let insertFires = """
        INSERT INTO "fire" ("workflow", "reason", "scheduled_at", "fired_at", "node", "outcome", "missed", "parameters", "detail") \
        SELECT w, 'schedule', s, f, n, o, m, $7, NULL \
        FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[], $6::bigint[]) AS x(w, s, f, n, o, m) \
        ON CONFLICT ("workflow", "scheduled_at") WHERE "reason" = 'schedule' DO NOTHING \
        RETURNING "id", "workflow", "reason", "scheduled_at", "fired_at", "node", "run", "outcome", "missed", "parameters", "detail"
        """

    public func latestRuns() async throws(StoreError) -> [RunRecord] {
        try await query(engine.selectLatestRuns).map { row throws(StoreError) in try Self.runRecord(row) }
    }

    public func lastScheduledFires() async throws(StoreError) -> [String: Date] {
        var newest: [String: Date] = [:]
        for row in try await query(engine.selectLastScheduledFires) {
            let (workflow, instant) = try decode(row, (String, Date).self)
            newest[workflow] = instant
        }
        return newest
    }

    public func lastScheduledFire(workflow: String) async throws(StoreError) -> Date? {
        var binds = PostgresBindings()
        binds.append(workflow)
        guard let row = try await query(engine.selectLastScheduledFire, binds).first else { return nil }
        return try decode(row, Date?.self)
    }

    public func queueTrigger(workflow: String, parameters: [String: String], by who: String) async throws(StoreError) -> FireRecord {
        var binds = PostgresBindings()
        binds.append(workflow)
        binds.append(FireReason.trigger.rawValue)
        binds.append(Date())
        binds.append(Date?.none)
        binds.append(String?.none)
        binds.append(FireOutcome.queued.rawValue)
        binds.append(Int64(0))
        binds.append(RunParametersText.encode(parameters))
        binds.append("asked for by \(who)")
        let sql = engine.insertFire.replacingOccurrences(of: "$3", with: "clock_timestamp()")
        guard let row = try await query(sql, binds).first else { throw StoreError.database("queueing a trigger returned no row") }
        return try Self.fireRecord(row)
    }

    public func claimTrigger(workflows: [String], node: RunOwner, at instant: Date) async throws(StoreError) -> FireRecord? {
        let names = Set(workflows)
        for row in try await query(engine.selectQueuedTriggers) {
            let queued = try Self.fireRecord(row)
            guard names.contains(queued.workflow) else { continue }
            // The update takes the row only while it is still queued: of two nodes, the second
            // waits for the first's row lock, then finds it claimed and takes nothing.
            var binds = PostgresBindings()
            binds.append(queued.id)
            binds.append(node.token)
            binds.append(instant)
            if let taken = try await query(engine.takeTrigger, binds).first { return try Self.fireRecord(taken) }
        }
        return nil
    }

    public func waitingRuns() async throws(StoreError) -> [RunRecord] {
        try await query(engine.selectWaitingRuns).map { row throws(StoreError) in try Self.runRecord(row) }
    }

    public func claimedFires() async throws(StoreError) -> [FireRecord] {
        try await query(engine.selectClaimedFires).map { row throws(StoreError) in try Self.fireRecord(row) }
    }

    public func adoptFire(id: Int64, from: RunOwner?, to: RunOwner, at instant: Date) async throws(StoreError) -> FireRecord? {
        var binds = PostgresBindings()
        binds.append(id)
        binds.append(from?.token)
        binds.append(to.token)
        binds.append(instant)
        return try await query(engine.adoptFire, binds).first.map { row throws(StoreError) in try Self.fireRecord(row) }
    }

    public func settleFire(id: Int64, outcome: FireOutcome, run: Int64?, detail: String?) async throws(StoreError) {
        var binds = PostgresBindings()
        binds.append(id)
        binds.append(outcome.rawValue)
        binds.append(run)
        binds.append(detail)
        _ = try await query(engine.settleFire, binds)
    }

    public func fires(workflow: String?, limit: Int) async throws(StoreError) -> [FireRecord] {
        var binds = PostgresBindings()
        if let workflow { binds.append(workflow) }
        binds.append(Int64(limit))
        return try await query(workflow == nil ? engine.selectFires : engine.selectFiresOfWorkflow, binds).map { row throws(StoreError) in
            try Self.fireRecord(row)
        }
    }

    public func registerNode(_ node: NodeRecord, exclusive: Bool, aliveWithin seconds: Double) async throws(StoreError) -> NodeRecord? {
        let engine = engine
        let logger = logger
        let found = try await transaction { connection -> NodeRecord? in
            // One registration at a time, so two exclusive nodes cannot both find the store free.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended('wfrun.node', 0))", logger: logger)
            var now = Date()
            for try await instant in try await connection.query("SELECT clock_timestamp()", logger: logger).decode(Date.self) {
                now = instant
            }
            var others: [NodeRecord] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: engine.selectNodes), logger: logger) {
                others.append(try Self.nodeRecord(row))
            }
            for other in others where other.owner != node.owner {
                let alive = now.timeIntervalSince(other.heartbeatAt) < seconds && !other.owner.isKnownGone
                if alive {
                    if exclusive { return other }
                } else {
                    var binds = PostgresBindings()
                    binds.append(other.owner.token)
                    try await connection.query(PostgresQuery(unsafeSQL: engine.deleteNode, binds: binds), logger: logger)
                }
            }
            var binds = PostgresBindings()
            binds.append(node.owner.token)
            binds.append(node.startedAt)
            binds.append(0.0)
            binds.append(node.listen)
            try await connection.query(PostgresQuery(unsafeSQL: engine.saveNode, binds: binds), logger: logger)
            return nil
        }
        return found
    }

    public func heartbeat(node: RunOwner, runs: Int) async throws(StoreError) {
        var binds = PostgresBindings()
        binds.append(node.token)
        binds.append(0.0)
        binds.append(Int64(runs))
        _ = try await query(engine.heartbeatNode, binds)
    }

    public func removeNode(_ node: RunOwner) async throws(StoreError) {
        var binds = PostgresBindings()
        binds.append(node.token)
        _ = try await query(engine.deleteNode, binds)
    }

    public func nodes() async throws(StoreError) -> [NodeRecord] {
        try await query(engine.selectNodes).map { row throws(StoreError) in try Self.nodeRecord(row) }
    }

    static func fireRecord(_ row: PostgresRow) throws(StoreError) -> FireRecord {
        let (id, workflow, reason, scheduledAt, firedAt, node, run, outcome, missed, parameters, detail) = try decodeRow(
            row, (Int64, String, String, Date, Date?, String?, Int64?, String, Int64, String, String?).self)
        guard let reason = FireReason(rawValue: reason), let outcome = FireOutcome(rawValue: outcome) else {
            throw StoreError.database("unknown fire reason or outcome in fire \(id)")
        }
        return FireRecord(
            id: id, workflow: workflow, reason: reason, scheduledAt: scheduledAt, firedAt: firedAt,
            node: node.flatMap(RunOwner.init(token:)), run: run, outcome: outcome, missed: Int(missed),
            parameters: try RunParametersText.decode(parameters), detail: detail)
    }

    private static func nodeRecord(_ row: PostgresRow) throws(StoreError) -> NodeRecord {
        let (name, startedAt, heartbeatAt, listen, runs) = try decodeRow(row, (String, Date, Date, String?, Int64).self)
        guard let owner = RunOwner(token: name) else { throw StoreError.database("unreadable node name \(name)") }
        return NodeRecord(owner: owner, startedAt: startedAt, heartbeatAt: heartbeatAt, listen: listen, runs: Int(runs))
    }
}
