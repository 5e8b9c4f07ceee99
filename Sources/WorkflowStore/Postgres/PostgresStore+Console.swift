import Foundation
import PostgresNIO
import WorkflowEngine

extension PostgresStore: ConsoleCredentialStore {
    public func consoleCredential() async throws(StoreError) -> ConsoleCredential? {
        guard let row = try await query(engine.selectConsoleCredential).first else { return nil }
        let (hash, key, created) = try decode(row, (String, String, Date).self)
        return ConsoleCredential(tokenHash: hash, signingKey: key, createdAt: created)
    }

    public func createConsoleCredential(_ credential: ConsoleCredential) async throws(StoreError) -> Bool {
        !(try await query(engine.insertConsoleCredential, Self.binds(credential))).isEmpty
    }

    public func replaceConsoleCredential(_ credential: ConsoleCredential) async throws(StoreError) {
        _ = try await query(engine.replaceConsoleCredential, Self.binds(credential))
    }

    private static func binds(_ credential: ConsoleCredential) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(credential.tokenHash)
        binds.append(credential.signingKey)
        binds.append(credential.createdAt)
        return binds
    }
}
