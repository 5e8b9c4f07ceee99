import Foundation
import PostgresNIO
import WorkflowEngine

extension PostgresStore: DeliveryStore {
    public func openDelivery(_ delivery: DeliveryRecord) async throws(StoreError) -> DeliveryRecord {
        var key = PostgresBindings()
        key.append(delivery.run)
        key.append(delivery.activity)
        var binds = key
        binds.append(delivery.action)
        binds.append(delivery.connector)
        binds.append(delivery.service)
        binds.append(Int64(delivery.proof ? 1 : 0))
        binds.append(delivery.textTemplate)
        binds.append(delivery.createdAt)
        let select = PostgresQuery(unsafeSQL: engine.selectOpenDelivery, binds: key)
        let insert = PostgresQuery(unsafeSQL: engine.insertDelivery, binds: binds)
        let logger = logger
        let record = try await transaction { connection -> DeliveryRecord? in
            for try await row in try await connection.query(select, logger: logger) { return try Self.deliveryRecord(row) }
            for try await row in try await connection.query(insert, logger: logger) { return try Self.deliveryRecord(row) }
            return nil
        }
        guard let record else { throw StoreError.database("opening a delivery returned no row") }
        return record
    }

    public func finishDelivery(run: Int64, delivery: Int64, at instant: Date) async throws(StoreError) {
        var binds = PostgresBindings()
        binds.append(delivery)
        binds.append(instant)
        let update = PostgresQuery(unsafeSQL: engine.finishDelivery, binds: binds)
        let logger = logger
        try await transaction { connection in
            try await self.fence(connection, run: run)
            try await connection.query(update, logger: logger)
        }
    }

    /// One statement for the whole batch: the recipients and texts as arrays.
    public func beginSending(
        run: Int64, delivery: Int64, _ messages: [OutgoingMessage], at instant: Date, resendUnknown: Bool
    ) async throws(StoreError) -> [String] {
        guard !messages.isEmpty else { return [] }
        var binds = PostgresBindings()
        binds.append(delivery)
        binds.append(messages.map(\.recipient))
        binds.append(messages.map(\.text))
        binds.append(instant)
        binds.append(Int64(resendUnknown ? 1 : 0))
        let statement = PostgresQuery(unsafeSQL: Self.beginSendingBatch, binds: binds)
        let logger = logger
        return try await transaction { connection in
            try await self.fence(connection, run: run)
            var taken: [String] = []
            for try await recipient in try await connection.query(statement, logger: logger).decode(String.self) {
                taken.append(recipient)
            }
            return taken
        }
    }

    private static let beginSendingBatch = """
        INSERT INTO "delivery_recipient" ("delivery", "recipient", "state", "attempts", "text", "sending_at", "updated_at") \
        SELECT $1, r, 'sending', 1, t, $4, $4 FROM unnest($2::text[], $3::text[]) AS x(r, t) \
        ON CONFLICT ("delivery", "recipient") DO UPDATE SET "state" = 'sending', \
        "attempts" = "delivery_recipient"."attempts" + 1, "text" = EXCLUDED."text", "sending_at" = EXCLUDED."sending_at", \
        "updated_at" = EXCLUDED."updated_at", "error" = NULL \
        WHERE "delivery_recipient"."state" = 'pending' OR ("delivery_recipient"."state" = 'unknown' AND $5 = 1) \
        RETURNING "recipient"
        """

    public func settle(
        run: Int64, delivery: Int64, _ outcomes: [RecipientOutcome], checkpoint: CommittedCheckpoint?, at instant: Date
    ) async throws(StoreError) {
        guard !outcomes.isEmpty || checkpoint != nil else { return }
        var binds = PostgresBindings()
        binds.append(delivery)
        binds.append(outcomes.map(\.recipient))
        binds.append(outcomes.map(\.state.rawValue))
        binds.append(outcomes.map { $0.remoteID ?? "" })
        binds.append(outcomes.map { $0.error ?? "" })
        binds.append(instant)
        let update = PostgresQuery(unsafeSQL: Self.settleBatch, binds: binds)
        let commit = checkpoint.map { PostgresQuery(unsafeSQL: engine.saveCheckpoint, binds: Self.binds($0)) }
        let logger = logger
        try await transaction { connection in
            try await self.fence(connection, run: run)
            if !outcomes.isEmpty { try await connection.query(update, logger: logger) }
            if let commit { try await connection.query(commit, logger: logger) }
        }
    }

    /// Arrays cannot carry nulls here: an empty remote id or error stands for none.
    private static let settleBatch = """
        UPDATE "delivery_recipient" AS d SET "state" = x.s, "remote_id" = COALESCE(NULLIF(x.rid, ''), d."remote_id"), "error" = NULLIF(x.e, ''), \
        "sent_at" = CASE WHEN x.s = 'sent' THEN $6 ELSE d."sent_at" END, "updated_at" = $6 \
        FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS x(r, s, rid, e) \
        WHERE d."delivery" = $1 AND d."recipient" = x.r
        """

    public func recipients(delivery: Int64, state: RecipientState, limit: Int) async throws(StoreError) -> [RecipientRecord] {
        var binds = PostgresBindings()
        binds.append(delivery)
        binds.append(state.rawValue)
        binds.append(Int64(limit))
        return try await query(engine.selectRecipients, binds).map { row throws(StoreError) in try Self.recipientRecord(row) }
    }

    public func deliveries(run: Int64) async throws(StoreError) -> [DeliverySummary] {
        var binds = PostgresBindings()
        binds.append(run)
        var counts: [Int64: [RecipientState: Int]] = [:]
        for row in try await query(engine.selectDeliveryCounts, binds) {
            let (delivery, state, count) = try decode(row, (Int64, String, Int64).self)
            guard let state = RecipientState(rawValue: state) else { continue }
            counts[delivery, default: [:]][state] = Int(count)
        }
        return try await query(engine.selectDeliveries, binds).map { row throws(StoreError) in
            let delivery = try Self.deliveryRecord(row)
            return DeliverySummary(delivery: delivery, counts: counts[delivery.id] ?? [:])
        }
    }

    public func sentCount(service: String, action: String, since: Date) async throws(StoreError) -> (count: Int, oldest: Date?) {
        var binds = PostgresBindings()
        binds.append(service)
        binds.append(action)
        binds.append(since)
        guard let row = try await query(engine.selectSentCount, binds).first else { return (0, nil) }
        let (count, oldest) = try decode(row, (Int64, Date?).self)
        return (Int(count), oldest)
    }

    public func recipientStateCounts() async throws(StoreError) -> [RecipientState: Int] {
        var counts: [RecipientState: Int] = [:]
        for row in try await query(engine.selectRecipientStateCounts, PostgresBindings()) {
            let (state, count) = try decode(row, (String, Int64).self)
            guard let state = RecipientState(rawValue: state) else { continue }
            counts[state] = Int(count)
        }
        return counts
    }

    private static func deliveryRecord(_ row: PostgresRow) throws(StoreError) -> DeliveryRecord {
        let (id, run, activity, activation, action, connector, service, proof, template, createdAt, finishedAt) = try decodeRow(
            row, (Int64, Int64, String, Int64, String, String, String, Int64, String, Date, Date?).self)
        return DeliveryRecord(
            id: id, run: run, activity: activity, activation: activation, action: action, connector: connector, service: service,
            proof: proof != 0, textTemplate: template, createdAt: createdAt, finishedAt: finishedAt)
    }

    private static func recipientRecord(_ row: PostgresRow) throws(StoreError) -> RecipientRecord {
        let (delivery, recipient, state, remoteID, attempts, error, text, sendingAt, sentAt) = try decodeRow(
            row, (Int64, String, String, String?, Int64, String?, String, Date?, Date?).self)
        guard let recipientState = RecipientState(rawValue: state) else {
            throw StoreError.database("unknown recipient state \(state) in delivery_recipient")
        }
        return RecipientRecord(
            delivery: delivery, recipient: recipient, state: recipientState, remoteID: remoteID, attempts: Int(attempts), error: error,
            text: text, sendingAt: sendingAt, sentAt: sentAt)
    }
}
