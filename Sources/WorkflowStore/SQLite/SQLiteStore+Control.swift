import Foundation
import GRDB
import WorkflowEngine
import WorkflowModel

extension SQLiteStore: ControlStore {
    /// One machine holds the file: its clock is the database's.
    public func databaseNow() async throws(StoreError) -> Date { Date() }

    public func setState(_ state: WorkflowState, of workflows: [String], by who: String, at instant: Date) async throws(StoreError) {
        let sql = engine.saveControl
        let now = ISOTimestamp(instant).text
        try await write { db in
            for workflow in workflows {
                try db.execute(sql: sql, arguments: [workflow, state.rawValue, now, who])
            }
        }
    }

    public func controls() async throws(StoreError) -> [WorkflowControl] {
        let sql = engine.selectControls
        return try await read { db in
            try Row.fetchAll(db, sql: sql).map { row throws(StoreError) in
                guard let state = WorkflowState(rawValue: row[1]) else {
                    throw StoreError.database("unknown workflow state \(row[1] as String) in workflow_control")
                }
                return WorkflowControl(workflow: row[0], state: state, changedAt: try Self.controlInstant(row[2]), changedBy: row[3])
            }
        }
    }

    /// One writer at a time: the newest fire read here is still the newest when the row is inserted.
    public func claimFire(_ fire: FireClaim) async throws(StoreError) -> FireRecord? {
        try await claimFires([fire]).first
    }

    public func claimFires(_ fires: [FireClaim]) async throws(StoreError) -> [FireRecord] {
        guard !fires.isEmpty else { return [] }
        let insert = engine.insertFire, newest = engine.selectLastScheduledFire
        return try await write { db in
            var claimed: [FireRecord] = []
            for fire in fires {
                let last = try String.fetchOne(db, sql: newest, arguments: [fire.workflow]).map(Self.controlInstant)
                if let last, fire.scheduledAt <= last { continue }
                let arguments: StatementArguments = [
                    fire.workflow, FireReason.schedule.rawValue, ISOTimestamp(fire.scheduledAt).text, ISOTimestamp(fire.firedAt).text,
                    fire.node.token, fire.outcome.rawValue, fire.missed(after: last), RunParametersText.encode([:]), nil,
                ]
                if let row = try Row.fetchOne(db, sql: insert, arguments: arguments) { claimed.append(try Self.fireRecord(row)) }
            }
            return claimed
        }
    }

    public func latestRuns() async throws(StoreError) -> [RunRecord] {
        try await runs(engine.selectLatestRuns, [])
    }

    public func lastScheduledFires() async throws(StoreError) -> [String: Date] {
        let sql = engine.selectLastScheduledFires
        let rows = try await read { db in try Row.fetchAll(db, sql: sql).map { ($0[0] as String, $0[1] as String) } }
        var newest: [String: Date] = [:]
        for (workflow, text) in rows { newest[workflow] = try Self.controlInstant(text) }
        return newest
    }

    public func lastScheduledFire(workflow: String) async throws(StoreError) -> Date? {
        let sql = engine.selectLastScheduledFire
        let text = try await read { db in try String.fetchOne(db, sql: sql, arguments: [workflow]) }
        return try text.map(Self.controlInstant)
    }

    public func queueTrigger(workflow: String, parameters: [String: String], by who: String) async throws(StoreError) -> FireRecord {
        let sql = engine.insertFire
        let now = ISOTimestamp(Date()).text
        let arguments: StatementArguments = [
            workflow, FireReason.trigger.rawValue, now, nil, nil, FireOutcome.queued.rawValue, 0,
            RunParametersText.encode(parameters), "asked for by \(who)",
        ]
        let fire = try await write { db in try Row.fetchOne(db, sql: sql, arguments: arguments).map(Self.fireRecord) }
        guard let fire else { throw StoreError.database("queueing a trigger returned no row") }
        return fire
    }

    public func claimTrigger(workflows: [String], node: RunOwner, at instant: Date) async throws(StoreError) -> FireRecord? {
        let select = engine.selectQueuedTriggers, take = engine.takeTrigger
        let names = Set(workflows)
        return try await write { db in
            for row in try Row.fetchAll(db, sql: select) {
                let queued = try Self.fireRecord(row)
                guard names.contains(queued.workflow) else { continue }
                let arguments: StatementArguments = [queued.id, node.token, ISOTimestamp(instant).text]
                if let taken = try Row.fetchOne(db, sql: take, arguments: arguments) { return try Self.fireRecord(taken) }
            }
            return nil
        }
    }

    public func waitingRuns() async throws(StoreError) -> [RunRecord] {
        try await runs(engine.selectWaitingRuns, [])
    }

    public func claimedFires() async throws(StoreError) -> [FireRecord] {
        let sql = engine.selectClaimedFires
        return try await read { db in try Row.fetchAll(db, sql: sql).map(Self.fireRecord) }
    }

    public func adoptFire(id: Int64, from: RunOwner?, to: RunOwner, at instant: Date) async throws(StoreError) -> FireRecord? {
        let sql = engine.adoptFire
        let arguments: StatementArguments = [id, from?.token, to.token, ISOTimestamp(instant).text]
        return try await write { db in try Row.fetchOne(db, sql: sql, arguments: arguments).map(Self.fireRecord) }
    }

    public func settleFire(id: Int64, outcome: FireOutcome, run: Int64?, detail: String?) async throws(StoreError) {
        let sql = engine.settleFire
        try await write { db in try db.execute(sql: sql, arguments: [id, outcome.rawValue, run, detail]) }
    }

    public func fires(workflow: String?, limit: Int) async throws(StoreError) -> [FireRecord] {
        let sql = workflow == nil ? engine.selectFires : engine.selectFiresOfWorkflow
        let arguments: StatementArguments = workflow.map { [$0, limit] } ?? [limit]
        return try await read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.fireRecord) }
    }

    public func registerNode(_ node: NodeRecord, exclusive: Bool, aliveWithin seconds: Double) async throws(StoreError) -> NodeRecord? {
        let select = engine.selectNodes, save = engine.saveNode, delete = engine.deleteNode
        return try await write { db in
            let now = Date()
            for row in try Row.fetchAll(db, sql: select) {
                let other = try Self.nodeRecord(row)
                guard other.owner != node.owner else { continue }
                let alive = now.timeIntervalSince(other.heartbeatAt) < seconds && !other.owner.isKnownGone
                if alive {
                    if exclusive { return other }
                } else {
                    try db.execute(sql: delete, arguments: [other.owner.token])
                }
            }
            try db.execute(sql: save, arguments: [
                node.owner.token, ISOTimestamp(node.startedAt).text, ISOTimestamp(now).text, node.listen,
            ])
            return nil
        }
    }

    public func heartbeat(node: RunOwner, runs: Int) async throws(StoreError) {
        let sql = engine.heartbeatNode
        let now = ISOTimestamp(Date()).text
        try await write { db in try db.execute(sql: sql, arguments: [node.token, now, runs]) }
    }

    public func removeNode(_ node: RunOwner) async throws(StoreError) {
        let sql = engine.deleteNode
        try await write { db in try db.execute(sql: sql, arguments: [node.token]) }
    }

    public func nodes() async throws(StoreError) -> [NodeRecord] {
        let sql = engine.selectNodes
        return try await read { db in try Row.fetchAll(db, sql: sql).map(Self.nodeRecord) }
    }

    private static func fireRecord(_ row: Row) throws -> FireRecord {
        guard let reason = FireReason(rawValue: row[2]), let outcome = FireOutcome(rawValue: row[7]) else {
            throw StoreError.database("unknown fire reason or outcome in fire \(row[0] as Int64)")
        }
        return FireRecord(
            id: row[0], workflow: row[1], reason: reason, scheduledAt: try controlInstant(row[3]),
            firedAt: try (row[4] as String?).map(controlInstant), node: (row[5] as String?).flatMap(RunOwner.init(token:)),
            run: row[6], outcome: outcome, missed: row[8], parameters: try RunParametersText.decode(row[9]), detail: row[10])
    }

    private static func nodeRecord(_ row: Row) throws -> NodeRecord {
        guard let owner = RunOwner(token: row[0]) else { throw StoreError.database("unreadable node name \(row[0] as String)") }
        return NodeRecord(
            owner: owner, startedAt: try controlInstant(row[1]), heartbeatAt: try controlInstant(row[2]), listen: row[3], runs: row[4])
    }

    static func controlInstant(_ text: String) throws(StoreError) -> Date {
        guard let date = ISOTimestamp(parsing: text, zoneless: .refused)?.date else { throw StoreError.database("unreadable instant \(text)") }
        return date
    }
}
