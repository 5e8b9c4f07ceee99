/// The tables and statements of the delivery log (`publish`).
extension EngineSQL {
    private func q(_ identifier: String) -> String { dialect.quoted(identifier) }
    private func p(_ index: Int) -> String { dialect.parameter(index) }
    private func parameters(_ count: Int) -> String { (1...count).map(p).joined(separator: ", ") }

    /// Migration 4.
    var deliveryTables: [String] {
        let instant = dialect.instantType
        return [
            """
            CREATE TABLE IF NOT EXISTS \(q("delivery")) (\(q("id")) \(dialect.surrogateKey), \(q("run")) BIGINT NOT NULL, \
            \(q("activity")) TEXT NOT NULL, \(q("activation")) BIGINT NOT NULL, \(q("action")) TEXT NOT NULL, \
            \(q("connector")) TEXT NOT NULL, \(q("service")) TEXT NOT NULL, \(q("proof")) BIGINT NOT NULL, \
            \(q("text_template")) TEXT NOT NULL, \(q("created_at")) \(instant) NOT NULL, \(q("finished_at")) \(instant), \
            UNIQUE (\(q("run")), \(q("activity")), \(q("activation"))))
            """,
            """
            CREATE TABLE IF NOT EXISTS \(q("delivery_recipient")) (\(q("delivery")) BIGINT NOT NULL, \
            \(q("recipient")) TEXT NOT NULL, \(q("state")) TEXT NOT NULL, \(q("remote_id")) TEXT, \
            \(q("attempts")) BIGINT NOT NULL, \(q("error")) TEXT, \(q("text")) TEXT NOT NULL, \
            \(q("sending_at")) \(instant), \(q("sent_at")) \(instant), \(q("updated_at")) \(instant) NOT NULL, \
            PRIMARY KEY (\(q("delivery")), \(q("recipient"))))
            """,
            """
            CREATE INDEX IF NOT EXISTS \(q("delivery_recipient_state_idx")) ON \(q("delivery_recipient")) \
            (\(q("delivery")), \(q("state")))
            """,
            "CREATE INDEX IF NOT EXISTS \(q("delivery_service_idx")) ON \(q("delivery")) (\(q("service")), \(q("action")))",
        ]
    }

    static var deliveryColumnNames: [String] {
        ["id", "run", "activity", "activation", "action", "connector", "service", "proof", "text_template", "created_at", "finished_at"]
    }

    /// The unfinished delivery of run (1) and activity (2), if any.
    var selectOpenDelivery: String {
        """
        SELECT \(dialect.quotedList(Self.deliveryColumnNames)) FROM \(q("delivery")) \
        WHERE \(q("run")) = \(p(1)) AND \(q("activity")) = \(p(2)) AND \(q("finished_at")) IS NULL \
        ORDER BY \(q("activation")) DESC LIMIT 1
        """
    }

    /// Inserts a delivery of run (1) and activity (2), numbered after the activity's others:
    /// action (3), connector (4), service (5), proof (6), text template (7), created at (8).
    var insertDelivery: String {
        """
        INSERT INTO \(q("delivery")) (\(dialect.quotedList(["run", "activity", "activation", "action", "connector", "service", "proof", "text_template", "created_at"]))) \
        SELECT \(p(1)), \(p(2)), COALESCE(MAX(\(q("activation"))), 0) + 1, \(p(3)), \(p(4)), \(p(5)), \(p(6)), \(p(7)), \(p(8)) \
        FROM \(q("delivery")) WHERE \(q("run")) = \(p(1)) AND \(q("activity")) = \(p(2)) \
        RETURNING \(dialect.quotedList(Self.deliveryColumnNames))
        """
    }

    /// Marks delivery (1) finished at (2).
    var finishDelivery: String {
        "UPDATE \(q("delivery")) SET \(q("finished_at")) = \(p(2)) WHERE \(q("id")) = \(p(1))"
    }

    /// Takes recipient (2) of delivery (1) for sending with text (3) at (4): inserted as
    /// sending, or pending (and unknown when (5) is 1) made sending again; returns the recipient
    /// when taken.
    var beginSending: String {
        """
        INSERT INTO \(q("delivery_recipient")) (\(dialect.quotedList(["delivery", "recipient", "state", "attempts", "text", "sending_at", "updated_at"]))) \
        VALUES (\(p(1)), \(p(2)), 'sending', 1, \(p(3)), \(p(4)), \(p(4))) \
        ON CONFLICT (\(q("delivery")), \(q("recipient"))) DO UPDATE SET \(q("state")) = 'sending', \
        \(q("attempts")) = \(q("delivery_recipient")).\(q("attempts")) + 1, \(q("text")) = EXCLUDED.\(q("text")), \
        \(q("sending_at")) = EXCLUDED.\(q("sending_at")), \(q("updated_at")) = EXCLUDED.\(q("updated_at")), \(q("error")) = NULL \
        WHERE \(q("delivery_recipient")).\(q("state")) = 'pending' OR (\(q("delivery_recipient")).\(q("state")) = 'unknown' AND \(p(5)) = 1) \
        RETURNING \(q("recipient"))
        """
    }

    /// Settles recipient (2) of delivery (1): state (3), remote id (4), error (5), at (6).
    var settleRecipient: String {
        """
        UPDATE \(q("delivery_recipient")) SET \(q("state")) = \(p(3)), \(q("remote_id")) = COALESCE(\(p(4)), \(q("remote_id"))), \
        \(q("error")) = \(p(5)), \(q("sent_at")) = CASE WHEN \(p(3)) = 'sent' THEN \(p(6)) ELSE \(q("sent_at")) END, \
        \(q("updated_at")) = \(p(6)) WHERE \(q("delivery")) = \(p(1)) AND \(q("recipient")) = \(p(2))
        """
    }

    static var recipientColumnNames: [String] {
        ["delivery", "recipient", "state", "remote_id", "attempts", "error", "text", "sending_at", "sent_at"]
    }

    /// Recipients of delivery (1) in state (2), in recipient order, at most (3).
    var selectRecipients: String {
        """
        SELECT \(dialect.quotedList(Self.recipientColumnNames)) FROM \(q("delivery_recipient")) \
        WHERE \(q("delivery")) = \(p(1)) AND \(q("state")) = \(p(2)) ORDER BY \(q("recipient")) LIMIT \(p(3))
        """
    }

    /// The deliveries of run (1), oldest first.
    var selectDeliveries: String {
        """
        SELECT \(dialect.quotedList(Self.deliveryColumnNames)) FROM \(q("delivery")) WHERE \(q("run")) = \(p(1)) ORDER BY \(q("id"))
        """
    }

    /// Recipients of the deliveries of run (1) counted by delivery and state.
    var selectDeliveryCounts: String {
        """
        SELECT r.\(q("delivery")), r.\(q("state")), COUNT(*) FROM \(q("delivery_recipient")) r \
        JOIN \(q("delivery")) d ON d.\(q("id")) = r.\(q("delivery")) WHERE d.\(q("run")) = \(p(1)) \
        GROUP BY r.\(q("delivery")), r.\(q("state"))
        """
    }

    /// Recipients of all deliveries counted by state.
    var selectRecipientStateCounts: String {
        "SELECT \(q("state")), COUNT(*) FROM \(q("delivery_recipient")) GROUP BY \(q("state"))"
    }

    /// Messages of action (2) sent or being sent from service (1) at or after (3), proofs aside:
    /// how many, and the oldest instant.
    var selectSentCount: String {
        """
        SELECT COUNT(*), MIN(COALESCE(r.\(q("sent_at")), r.\(q("sending_at")))) FROM \(q("delivery_recipient")) r \
        JOIN \(q("delivery")) d ON d.\(q("id")) = r.\(q("delivery")) \
        WHERE d.\(q("service")) = \(p(1)) AND d.\(q("action")) = \(p(2)) AND d.\(q("proof")) = 0 \
        AND r.\(q("state")) IN ('sent', 'sending') AND COALESCE(r.\(q("sent_at")), r.\(q("sending_at"))) >= \(p(3))
        """
    }
}
