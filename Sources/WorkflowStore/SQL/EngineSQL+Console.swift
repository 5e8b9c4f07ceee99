/// The table of the console's credential (migration 6): one row, the token's hash and the key
/// that signs sessions.
extension EngineSQL {
    private func q(_ identifier: String) -> String { dialect.quoted(identifier) }
    private func p(_ index: Int) -> String { dialect.parameter(index) }

    /// Migration 6.
    var consoleTables: [String] {
        [
            """
            CREATE TABLE IF NOT EXISTS \(q("console_credential")) (\(q("id")) INTEGER PRIMARY KEY CHECK (\(q("id")) = 1), \
            \(q("token_hash")) TEXT NOT NULL, \(q("signing_key")) TEXT NOT NULL, \(q("created_at")) \(dialect.instantType) NOT NULL)
            """
        ]
    }

    /// The credential's token_hash, signing_key and created_at.
    var selectConsoleCredential: String {
        "SELECT \(dialect.quotedList(["token_hash", "signing_key", "created_at"])) FROM \(q("console_credential")) WHERE \(q("id")) = 1"
    }

    /// Stores token_hash (1), signing_key (2), created_at (3) unless a credential exists;
    /// returns the row when it was stored.
    var insertConsoleCredential: String {
        """
        INSERT INTO \(q("console_credential")) (\(dialect.quotedList(["id", "token_hash", "signing_key", "created_at"]))) \
        VALUES (1, \(p(1)), \(p(2)), \(p(3))) ON CONFLICT (\(q("id"))) DO NOTHING RETURNING \(q("id"))
        """
    }

    /// Stores token_hash (1), signing_key (2), created_at (3) in place of any credential.
    var replaceConsoleCredential: String {
        """
        INSERT INTO \(q("console_credential")) (\(dialect.quotedList(["id", "token_hash", "signing_key", "created_at"]))) \
        VALUES (1, \(p(1)), \(p(2)), \(p(3))) ON CONFLICT (\(q("id"))) DO UPDATE SET \
        \(q("token_hash")) = excluded.\(q("token_hash")), \(q("signing_key")) = excluded.\(q("signing_key")), \
        \(q("created_at")) = excluded.\(q("created_at"))
        """
    }
}
