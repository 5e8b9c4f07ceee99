/// The tables of the consent pages (migration 8): consents per person and service, the texts
/// people were shown, and sign-in flows under way.
extension EngineSQL {
    private func q(_ identifier: String) -> String { dialect.quoted(identifier) }
    private func p(_ index: Int) -> String { dialect.parameter(index) }

    /// Migration 8.
    var contactTables: [String] {
        let instant = dialect.instantType
        return [
            """
            CREATE TABLE IF NOT EXISTS \(q("consent")) (\(q("origin")) TEXT NOT NULL, \(q("external_id")) TEXT NOT NULL, \
            \(q("service")) TEXT NOT NULL, \(q("state")) TEXT NOT NULL, \(q("text_version")) TEXT NOT NULL, \
            \(q("fields")) TEXT NOT NULL, \(q("method")) TEXT NOT NULL, \(q("given_at")) \(instant) NOT NULL, \
            \(q("withdrawn_at")) \(instant), PRIMARY KEY (\(q("origin")), \(q("external_id")), \(q("service"))))
            """,
            """
            CREATE TABLE IF NOT EXISTS \(q("consent_text")) (\(q("version")) TEXT PRIMARY KEY, \(q("text")) TEXT NOT NULL, \
            \(q("first_shown_at")) \(instant) NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(q("signin_flow")) (\(q("state_hash")) TEXT PRIMARY KEY, \(q("service")) TEXT NOT NULL, \
            \(q("purpose")) TEXT NOT NULL, \(q("request_token")) TEXT, \(q("created_at")) \(instant) NOT NULL, \
            \(q("expires_at")) \(instant) NOT NULL, \(q("used_at")) \(instant))
            """,
            // Each sign-in start forgets the old flows: through this index, not by reading them all.
            "CREATE INDEX IF NOT EXISTS \(q("signin_flow_expires_idx")) ON \(q("signin_flow")) (\(q("expires_at")))",
        ]
    }

    /// Keeps text (2) under version (1), first shown at (3), unless the version is known.
    var insertConsentText: String {
        """
        INSERT INTO \(q("consent_text")) (\(dialect.quotedList(["version", "text", "first_shown_at"]))) \
        VALUES (\(p(1)), \(p(2)), \(p(3))) ON CONFLICT (\(q("version"))) DO NOTHING
        """
    }

    /// The text of version (1).
    var selectConsentText: String {
        "SELECT \(q("text")) FROM \(q("consent_text")) WHERE \(q("version")) = \(p(1))"
    }

    /// Records flow: state_hash (1), service (2), purpose (3), request_token (4), created_at (5), expires_at (6).
    var insertSignInFlow: String {
        """
        INSERT INTO \(q("signin_flow")) (\(dialect.quotedList(["state_hash", "service", "purpose", "request_token", "created_at", "expires_at"]))) \
        VALUES (\(p(1)), \(p(2)), \(p(3)), \(p(4)), \(p(5)), \(p(6)))
        """
    }

    /// Forgets flows that expired before (1).
    var deleteOldSignInFlows: String {
        "DELETE FROM \(q("signin_flow")) WHERE \(q("expires_at")) < \(p(1))"
    }

    /// Marks flow (1) of service (2) used at (3) unless it was; returns its purpose,
    /// request_token, created_at and expires_at when this statement used it.
    var useSignInFlow: String {
        """
        UPDATE \(q("signin_flow")) SET \(q("used_at")) = \(p(3)) \
        WHERE \(q("state_hash")) = \(p(1)) AND \(q("service")) = \(p(2)) AND \(q("used_at")) IS NULL \
        RETURNING \(dialect.quotedList(["purpose", "request_token", "created_at", "expires_at"]))
        """
    }

    /// Whether flow (1) of service (2) exists (used, since `useSignInFlow` found nothing).
    var selectSignInFlowExists: String {
        "SELECT COUNT(*) FROM \(q("signin_flow")) WHERE \(q("state_hash")) = \(p(1)) AND \(q("service")) = \(p(2))"
    }

    /// The columns a `Consent` is read from, in order.
    static var consentColumns: [String] {
        ["origin", "external_id", "service", "state", "text_version", "fields", "method", "given_at", "withdrawn_at"]
    }

    /// Records a consent (the nine `consentColumns`), replacing the one of the same person and service.
    var upsertConsent: String {
        let columns = Self.consentColumns
        let updates = columns.dropFirst(3).map { "\(q($0)) = EXCLUDED.\(q($0))" }.joined(separator: ", ")
        return """
            INSERT INTO \(q("consent")) (\(dialect.quotedList(columns))) VALUES (\((1...9).map(p).joined(separator: ", "))) \
            ON CONFLICT (\(dialect.quotedList(["origin", "external_id", "service"]))) DO UPDATE SET \(updates)
            """
    }

    /// Withdraws the given consents of origin (1), external_id (2) at (3), for service (4) or
    /// every service when (4) is null; returns one row per consent withdrawn.
    var withdrawConsents: String {
        """
        UPDATE \(q("consent")) SET \(q("state")) = 'withdrawn', \(q("withdrawn_at")) = \(p(3)) \
        WHERE \(q("origin")) = \(p(1)) AND \(q("external_id")) = \(p(2)) AND \(q("state")) = 'given' \
        AND (CAST(\(p(4)) AS TEXT) IS NULL OR \(q("service")) = \(p(4))) RETURNING \(q("service"))
        """
    }

    /// The consents of origin (1), external_id (2), by service.
    var selectConsents: String {
        """
        SELECT \(dialect.quotedList(Self.consentColumns)) FROM \(q("consent")) \
        WHERE \(q("origin")) = \(p(1)) AND \(q("external_id")) = \(p(2)) ORDER BY \(q("service"))
        """
    }
}

extension EngineSQL {
    /// Sets `columns` of the row of origin (1), external_id (2) in `table` to null, and
    /// `updated_at` to (3) when the table has it; returns a row when there was one.
    func eraseProfile(table: String, columns: [String], hasUpdatedAt: Bool) -> String {
        let q = dialect.quoted
        var assignments = columns.map { "\(q($0)) = NULL" }
        if hasUpdatedAt { assignments.append("\(q("updated_at")) = \(dialect.parameter(3))") }
        return """
            UPDATE \(q(table)) SET \(assignments.joined(separator: ", ")) \
            WHERE \(q("origin")) = \(dialect.parameter(1)) AND \(q("external_id")) = \(dialect.parameter(2)) RETURNING 1
            """
    }
}
