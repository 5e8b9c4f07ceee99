import Foundation
import Testing
import WorkflowEngine
@testable import WorkflowStore

/// A store whose database no other test writes: a new SQLite file, or on PostgreSQL a database
/// created for the test and dropped after it. For assertions about every run of the store
/// (queries without a workflow filter), which the shared test database cannot give.
func withOwnDatabase(_ backend: Backend, _ body: (any WorkflowStore) async throws -> Void) async throws {
    switch backend {
    case .sqlite:
        try await withStore(.sqlite, body)
    case .postgres:
        let url = try #require(Backend.postgresURL)
        let name = Names.unique("wfrun_own")
        let admin = try await PostgresStore.open(url: url)
        var components = try #require(URLComponents(string: url))
        components.path = "/" + name
        do {
            _ = try await admin.query("CREATE DATABASE \"\(name)\"")
            let store = try await PostgresStore.open(url: try #require(components.string))
            do {
                try await body(store)
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        } catch {
            _ = try? await admin.query("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
            try? await admin.close()
            throw error
        }
        _ = try await admin.query("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
        try await admin.close()
    }
}
