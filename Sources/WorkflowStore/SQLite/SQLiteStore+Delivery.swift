import Foundation
import GRDB
import WorkflowEngine
import WorkflowModel

extension SQLiteStore: DeliveryStore {
    public func openDelivery(_ delivery: DeliveryRecord) async throws(StoreError) -> DeliveryRecord {
        let select = engine.selectOpenDelivery, insert = engine.insertDelivery
        let arguments: StatementArguments = [
            delivery.run, delivery.activity, delivery.action, delivery.connector, delivery.service, delivery.proof ? 1 : 0,
            delivery.textTemplate, ISOTimestamp(delivery.createdAt).text,
        ]
        let record = try await write { db -> DeliveryRecord? in
            if let open = try Row.fetchOne(db, sql: select, arguments: [delivery.run, delivery.activity]) {
                return try Self.deliveryRecord(open)
            }
            return try Row.fetchOne(db, sql: insert, arguments: arguments).map(Self.deliveryRecord)
        }
        guard let record else { throw StoreError.database("opening a delivery returned no row") }
        return record
    }

    public func finishDelivery(run: Int64, delivery: Int64, at instant: Date) async throws(StoreError) {
        let sql = engine.finishDelivery
        try await write { db in
            try self.fence(db, run: run)
            try db.execute(sql: sql, arguments: [delivery, ISOTimestamp(instant).text])
        }
    }

    public func beginSending(
        run: Int64, delivery: Int64, _ messages: [OutgoingMessage], at instant: Date, resendUnknown: Bool
    ) async throws(StoreError) -> [String] {
        guard !messages.isEmpty else { return [] }
        let sql = engine.beginSending
        let now = ISOTimestamp(instant).text
        return try await write { db in
            try self.fence(db, run: run)
            let statement = try db.cachedStatement(sql: sql)
            var taken: [String] = []
            taken.reserveCapacity(messages.count)
            for message in messages {
                statement.setUncheckedArguments([delivery, message.recipient, message.text, now, resendUnknown ? 1 : 0])
                if let recipient = try String.fetchOne(statement) { taken.append(recipient) }
            }
            return taken
        }
    }

    public func settle(
        run: Int64, delivery: Int64, _ outcomes: [RecipientOutcome], checkpoint: CommittedCheckpoint?, at instant: Date
    ) async throws(StoreError) {
        guard !outcomes.isEmpty || checkpoint != nil else { return }
        let sql = engine.settleRecipient
        let now = ISOTimestamp(instant).text
        let commit = checkpoint.map(Self.arguments)
        let commitSQL = engine.saveCheckpoint
        try await write { db in
            try self.fence(db, run: run)
            let statement = try db.cachedStatement(sql: sql)
            for outcome in outcomes {
                statement.setUncheckedArguments([delivery, outcome.recipient, outcome.state.rawValue, outcome.remoteID, outcome.error, now])
                try statement.execute()
            }
            if let commit { try db.execute(sql: commitSQL, arguments: commit) }
        }
    }

    public func recipients(delivery: Int64, state: RecipientState, limit: Int) async throws(StoreError) -> [RecipientRecord] {
        let sql = engine.selectRecipients
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: [delivery, state.rawValue, limit]).map(Self.recipientRecord)
        }
    }

    public func deliveries(run: Int64) async throws(StoreError) -> [DeliverySummary] {
        let select = engine.selectDeliveries, count = engine.selectDeliveryCounts
        return try await read { db in
            var counts: [Int64: [RecipientState: Int]] = [:]
            for row in try Row.fetchAll(db, sql: count, arguments: [run]) {
                guard let state = RecipientState(rawValue: row[1]) else { continue }
                counts[row[0], default: [:]][state] = row[2]
            }
            return try Row.fetchAll(db, sql: select, arguments: [run]).map { row in
                let delivery = try Self.deliveryRecord(row)
                return DeliverySummary(delivery: delivery, counts: counts[delivery.id] ?? [:])
            }
        }
    }

    public func sentCount(service: String, action: String, since: Date) async throws(StoreError) -> (count: Int, oldest: Date?) {
        let sql = engine.selectSentCount
        let row = try await read { db in
            try Row.fetchOne(db, sql: sql, arguments: [service, action, ISOTimestamp(since).text]).map { ($0[0] as Int, $0[1] as String?) }
        }
        guard let row else { return (0, nil) }
        return (row.0, try row.1.map(Self.controlInstant))
    }

    public func recipientStateCounts() async throws(StoreError) -> [RecipientState: Int] {
        let sql = engine.selectRecipientStateCounts
        return try await read { db in
            var counts: [RecipientState: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql) {
                guard let state = RecipientState(rawValue: row[0]) else { continue }
                counts[state] = row[1]
            }
            return counts
        }
    }

    private static func deliveryRecord(_ row: Row) throws(StoreError) -> DeliveryRecord {
        DeliveryRecord(
            id: row[0], run: row[1], activity: row[2], activation: row[3], action: row[4], connector: row[5], service: row[6],
            proof: (row[7] as Int64) != 0, textTemplate: row[8], createdAt: try controlInstant(row[9]),
            finishedAt: try (row[10] as String?).map(controlInstant))
    }

    private static func recipientRecord(_ row: Row) throws(StoreError) -> RecipientRecord {
        guard let state = RecipientState(rawValue: row[2]) else {
            throw StoreError.database("unknown recipient state \(row[2] as String) in delivery_recipient")
        }
        return RecipientRecord(
            delivery: row[0], recipient: row[1], state: state, remoteID: row[3], attempts: row[4], error: row[5], text: row[6],
            sendingAt: try (row[7] as String?).map(controlInstant), sentAt: try (row[8] as String?).map(controlInstant))
    }
}
