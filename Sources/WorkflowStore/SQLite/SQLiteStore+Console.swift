import Foundation
import GRDB
import WorkflowEngine
import WorkflowModel

extension SQLiteStore: ConsoleCredentialStore {
    public func consoleCredential() async throws(StoreError) -> ConsoleCredential? {
        let sql = engine.selectConsoleCredential
        let row = try await read { db in
            try Row.fetchOne(db, sql: sql).map { (hash: $0[0] as String, key: $0[1] as String, created: $0[2] as String) }
        }
        guard let row else { return nil }
        guard let created = ISOTimestamp(parsing: row.created, zoneless: .refused)?.date else {
            throw StoreError.database("unreadable instant \(row.created)")
        }
        return ConsoleCredential(tokenHash: row.hash, signingKey: row.key, createdAt: created)
    }

    public func createConsoleCredential(_ credential: ConsoleCredential) async throws(StoreError) -> Bool {
        let sql = engine.insertConsoleCredential
        let arguments: StatementArguments = [credential.tokenHash, credential.signingKey, ISOTimestamp(credential.createdAt).text]
        return try await write { db in try Int64.fetchOne(db, sql: sql, arguments: arguments) != nil }
    }

    public func replaceConsoleCredential(_ credential: ConsoleCredential) async throws(StoreError) {
        let sql = engine.replaceConsoleCredential
        let arguments: StatementArguments = [credential.tokenHash, credential.signingKey, ISOTimestamp(credential.createdAt).text]
        try await write { db in try db.execute(sql: sql, arguments: arguments) }
    }
}
