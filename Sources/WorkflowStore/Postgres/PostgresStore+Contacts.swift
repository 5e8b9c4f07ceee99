import Foundation
import PostgresNIO
import WorkflowEngine
import WorkflowModel

extension PostgresStore: ContactStore {
    public func saveConsentText(version: String, text: String, now: Date) async throws(StoreError) {
        var binds = PostgresBindings()
        binds.append(version)
        binds.append(text)
        binds.append(now)
        _ = try await query(engine.insertConsentText, binds)
    }

    public func consentText(version: String) async throws(StoreError) -> String? {
        var binds = PostgresBindings()
        binds.append(version)
        guard let row = try await query(engine.selectConsentText, binds).first else { return nil }
        return try decode(row, String.self)
    }

    public func beginSignIn(_ flow: SignInFlow) async throws(StoreError) {
        var purge = PostgresBindings()
        purge.append(flow.createdAt.addingTimeInterval(-86_400))
        var binds = PostgresBindings()
        binds.append(flow.stateHash)
        binds.append(flow.service)
        binds.append(flow.purpose.rawValue)
        binds.append(flow.requestToken)
        binds.append(flow.createdAt)
        binds.append(flow.expiresAt)
        let statements = [
            PostgresQuery(unsafeSQL: engine.deleteOldSignInFlows, binds: purge),
            PostgresQuery(unsafeSQL: engine.insertSignInFlow, binds: binds),
        ]
        let logger = logger
        try await transaction { connection in
            for statement in statements { try await connection.query(statement, logger: logger) }
        }
    }

    public func finishSignIn(stateHash: String, service: String, now: Date) async throws(StoreError) -> SignInOutcome {
        var binds = PostgresBindings()
        binds.append(stateHash)
        binds.append(service)
        binds.append(now)
        if let row = try await query(engine.useSignInFlow, binds).first {
            let (purpose, token, created, expires) = try decode(row, (String, String?, Date, Date).self)
            guard let purpose = SignInPurpose(rawValue: purpose) else { throw StoreError.database("unreadable sign-in flow") }
            guard expires > now else { return .expired }
            return .ready(SignInFlow(stateHash: stateHash, service: service, purpose: purpose, requestToken: token, createdAt: created, expiresAt: expires))
        }
        var exists = PostgresBindings()
        exists.append(stateHash)
        exists.append(service)
        guard let row = try await query(engine.selectSignInFlowExists, exists).first else { return .unknown }
        let count = try decode(row, Int64.self)
        return count > Int64(0) ? .used : .unknown
    }

    public func recordConsent(_ consent: Consent, visitor: WorkflowEngine.Record, into schema: DataSchema, now: Date) async throws(StoreError) -> UpsertCounts {
        let batch = try UpsertBatch([visitor], table: TableDefinition(schema), key: ["origin", "external_id"])
        let statement = PostgresQuery(unsafeSQL: engine.upsertConsent, binds: Self.binds(consent))
        let logger = logger
        return try await transaction { connection in
            let counts = try await self.writeUpsert(batch, now: now, on: connection)
            try await connection.query(statement, logger: logger)
            return counts
        }
    }

    public func withdrawConsent(
        origin: String, externalID: String, service: String?, erasing: [String], in schema: DataSchema, now: Date
    ) async throws(StoreError) -> ConsentWithdrawal {
        let table = TableDefinition(schema)
        var binds = PostgresBindings()
        binds.append(origin)
        binds.append(externalID)
        binds.append(now)
        binds.append(service)
        let withdraw = PostgresQuery(unsafeSQL: engine.withdrawConsents, binds: binds)
        var eraseBinds = PostgresBindings()
        eraseBinds.append(origin)
        eraseBinds.append(externalID)
        if table.hasUpdatedAt { eraseBinds.append(now) }
        let erase = erasing.isEmpty
            ? nil : PostgresQuery(unsafeSQL: engine.eraseProfile(table: table.name, columns: erasing, hasUpdatedAt: table.hasUpdatedAt), binds: eraseBinds)
        let logger = logger
        return try await transaction { connection in
            var withdrawn = 0
            for try await _ in try await connection.query(withdraw, logger: logger) { withdrawn += 1 }
            var erased = false
            if let erase {
                for try await _ in try await connection.query(erase, logger: logger) { erased = true }
            }
            return ConsentWithdrawal(withdrawn: withdrawn, visitorErased: erased)
        }
    }

    public func consents(origin: String, externalID: String) async throws(StoreError) -> [Consent] {
        var binds = PostgresBindings()
        binds.append(origin)
        binds.append(externalID)
        return try await query(engine.selectConsents, binds).map { row throws(StoreError) in
            let (origin, id, service, state, version, fields, method, given, withdrawn) =
                try decode(row, (String, String, String, String, String, String, String, Date, Date?).self)
            guard let state = ConsentState(rawValue: state) else { throw StoreError.database("unreadable consent of \(origin):\(id)") }
            return Consent(
                origin: origin, externalID: id, service: service, state: state, textVersion: version,
                fields: fields.split(separator: " ").map(String.init), method: method, givenAt: given, withdrawnAt: withdrawn)
        }
    }

    private static func binds(_ consent: Consent) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(consent.origin)
        binds.append(consent.externalID)
        binds.append(consent.service)
        binds.append(consent.state.rawValue)
        binds.append(consent.textVersion)
        binds.append(consent.fields.joined(separator: " "))
        binds.append(consent.method)
        binds.append(consent.givenAt)
        binds.append(consent.withdrawnAt)
        return binds
    }
}
