import Foundation
import TestPostgresSupport
import WorkflowEngine
import WorkflowModel
import WorkflowStore

/// The two stores every behaviour is checked against.
enum Backend: String, Sendable {
    case sqlite, postgres

    /// The test database: WFRUN_TEST_POSTGRES_URL's, or a private server's (`PostgresForTests`).
    static var postgresURL: String? { PostgresForTests.url }

    /// A store of this kind, empty of this test's tables: SQLite in a new temporary file;
    /// PostgreSQL in the shared test database, where each test uses tables and workflows of
    /// its own (see `Names`).
    func open() async throws -> OpenStore {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfrun-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let store = try await SQLiteStore.open(path: folder.appendingPathComponent("test.sqlite").path)
            return OpenStore(store: store, folder: folder)
        case .postgres:
            guard let url = Self.postgresURL else { throw StoreTestError.noPostgres }
            return OpenStore(store: try await PostgresStore.open(url: url), folder: nil)
        }
    }
}

/// A store opened for one test; `close()` closes it and removes its files.
struct OpenStore: Sendable {
    let store: any WorkflowStore
    let folder: URL?

    /// A second store on the same database, as another process would open it.
    func another() async throws -> any WorkflowStore {
        if let folder { return try await SQLiteStore.open(path: folder.appendingPathComponent("test.sqlite").path) }
        guard let url = Backend.postgresURL else { throw StoreTestError.noPostgres }
        return try await PostgresStore.open(url: url)
    }

    func close() async throws {
        try await store.close()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }
}

/// Opens a store, runs `body` with it, and closes it whatever happens.
func withStore(_ backend: Backend, _ body: (any WorkflowStore) async throws -> Void) async throws {
    let opened = try await backend.open()
    do {
        try await body(opened.store)
    } catch {
        try? await opened.close()
        throw error
    }
    try await opened.close()
}

/// Opens a store and a second one on the same database (two processes), runs `body` with them,
/// and closes both whatever happens.
func withTwoStores(_ backend: Backend, _ body: (any WorkflowStore, any WorkflowStore) async throws -> Void) async throws {
    let opened = try await backend.open()
    let other: any WorkflowStore
    do {
        other = try await opened.another()
    } catch {
        try? await opened.close()
        throw error
    }
    do {
        try await body(opened.store, other)
    } catch {
        try? await other.close()
        try? await opened.close()
        throw error
    }
    try await other.close()
    try await opened.close()
}

enum StoreTestError: Error {
    case noPostgres
}

/// Names no other test (or earlier run against the same PostgreSQL database) uses.
enum Names {
    static func unique(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.prefix(8).lowercased()
    }
}
