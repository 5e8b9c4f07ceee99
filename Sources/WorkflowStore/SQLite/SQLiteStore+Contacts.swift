import Foundation
import GRDB
import WorkflowEngine
import WorkflowModel

extension SQLiteStore: ContactStore {
    public func saveConsentText(version: String, text: String, now: Date) async throws(StoreError) {
        let sql = engine.insertConsentText
        let arguments: StatementArguments = [version, text, ISOTimestamp(now).text]
        try await write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    public func consentText(version: String) async throws(StoreError) -> String? {
        let sql = engine.selectConsentText
        return try await read { db in try String.fetchOne(db, sql: sql, arguments: [version]) }
    }

    public func beginSignIn(_ flow: SignInFlow) async throws(StoreError) {
        let purge = engine.deleteOldSignInFlows
        let insert = engine.insertSignInFlow
        let cutoff = ISOTimestamp(flow.createdAt.addingTimeInterval(-86_400)).text
        let arguments: StatementArguments = [
            flow.stateHash, flow.service, flow.purpose.rawValue, flow.requestToken,
            ISOTimestamp(flow.createdAt).text, ISOTimestamp(flow.expiresAt).text,
        ]
        try await write { db in
            try db.execute(sql: purge, arguments: [cutoff])
            try db.execute(sql: insert, arguments: arguments)
        }
    }

    public func finishSignIn(stateHash: String, service: String, now: Date) async throws(StoreError) -> SignInOutcome {
        let use = engine.useSignInFlow
        let exists = engine.selectSignInFlowExists
        /// What the conditional update found: the flow it used, or why it used none.
        enum Found: Sendable {
            case row(purpose: String, token: String?, created: String, expires: String)
            case used
            case unknown
        }
        let found = try await write { db -> Found in
            if let row = try Row.fetchOne(db, sql: use, arguments: [stateHash, service, ISOTimestamp(now).text]) {
                return .row(purpose: row[0], token: row[1], created: row[2], expires: row[3])
            }
            return try (Int.fetchOne(db, sql: exists, arguments: [stateHash, service]) ?? 0) > 0 ? .used : .unknown
        }
        let row: (purpose: String, token: String?, created: String, expires: String)
        switch found {
        case .unknown: return .unknown
        case .used: return .used
        case .row(let purpose, let token, let created, let expires): row = (purpose, token, created, expires)
        }
        guard let purpose = SignInPurpose(rawValue: row.purpose),
            let created = ISOTimestamp(parsing: row.created, zoneless: .refused)?.date,
            let expires = ISOTimestamp(parsing: row.expires, zoneless: .refused)?.date
        else { throw StoreError.database("unreadable sign-in flow") }
        guard expires > now else { return .expired }
        return .ready(SignInFlow(stateHash: stateHash, service: service, purpose: purpose, requestToken: row.token, createdAt: created, expiresAt: expires))
    }

    public func recordConsent(_ consent: Consent, visitor: WorkflowEngine.Record, into schema: DataSchema, now: Date) async throws(StoreError) -> UpsertCounts {
        let writer = SQLiteBatchWriter(
            batch: try UpsertBatch([visitor], table: TableDefinition(schema), key: ["origin", "external_id"]),
            now: .text(ISOTimestamp(now).text), texts: upsertTexts)
        let sql = engine.upsertConsent
        let arguments = Self.arguments(consent)
        return try await write { db in
            let counts = try writer.write(db)
            try db.execute(sql: sql, arguments: arguments)
            return counts
        }
    }

    public func withdrawConsent(
        origin: String, externalID: String, service: String?, erasing: [String], in schema: DataSchema, now: Date
    ) async throws(StoreError) -> ConsentWithdrawal {
        let table = TableDefinition(schema)
        let withdraw = engine.withdrawConsents
        let erase = erasing.isEmpty ? nil : engine.eraseProfile(table: table.name, columns: erasing, hasUpdatedAt: table.hasUpdatedAt)
        let at = ISOTimestamp(now).text
        let eraseArguments: StatementArguments = table.hasUpdatedAt ? [origin, externalID, at] : [origin, externalID]
        return try await write { db in
            let withdrawn = try Row.fetchAll(db, sql: withdraw, arguments: [origin, externalID, at, service]).count
            var erased = false
            if let erase {
                erased = try Row.fetchOne(db, sql: erase, arguments: eraseArguments) != nil
            }
            return ConsentWithdrawal(withdrawn: withdrawn, visitorErased: erased)
        }
    }

    public func consents(origin: String, externalID: String) async throws(StoreError) -> [Consent] {
        let sql = engine.selectConsents
        let rows = try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: [origin, externalID]).map { row in
                (row[0] as String, row[1] as String, row[2] as String, row[3] as String, row[4] as String, row[5] as String,
                 row[6] as String, row[7] as String, row[8] as String?)
            }
        }
        return try rows.map { row throws(StoreError) in
            guard let state = ConsentState(rawValue: row.3), let given = ISOTimestamp(parsing: row.7, zoneless: .refused)?.date else {
                throw StoreError.database("unreadable consent of \(row.0):\(row.1)")
            }
            let withdrawn = try row.8.map { text throws(StoreError) in
                guard let date = ISOTimestamp(parsing: text, zoneless: .refused)?.date else { throw StoreError.database("unreadable consent of \(row.0):\(row.1)") }
                return date
            }
            return Consent(
                origin: row.0, externalID: row.1, service: row.2, state: state, textVersion: row.4,
                fields: row.5.split(separator: " ").map(String.init), method: row.6, givenAt: given, withdrawnAt: withdrawn)
        }
    }

    static func arguments(_ consent: Consent) -> StatementArguments {
        [
            consent.origin, consent.externalID, consent.service, consent.state.rawValue, consent.textVersion,
            consent.fields.joined(separator: " "), consent.method, ISOTimestamp(consent.givenAt).text,
            consent.withdrawnAt.map { ISOTimestamp($0).text },
        ]
    }
}
