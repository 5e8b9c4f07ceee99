import Testing
import WorkflowEngine
import WorkflowModel

/// What every store must do, written once and run by `SQLiteStoreTests` and
/// `PostgresStoreTests` against their backend. Each behaviour opens a store of its own.
struct StoreBehaviour: Sendable {
    let backend: Backend

    /// Every row of `schema`'s table, in order.
    static func allRows(_ store: any WorkflowStore, _ schema: DataSchema) async throws -> [Record] {
        var records: [Record] = []
        let source = store.rows(of: schema, batchSize: 1_000)
        while let batch = try await source.next() { records += batch.records }
        return records
    }

    /// A run to attach checkpoints, activities and logs to.
    static func beginRun(_ store: any WorkflowStore, workflow: String = Names.unique("wf")) async throws -> RunRecord {
        try await store.beginRun(RunRecord(workflow: workflow, file: "\(workflow).xml", status: .running, startedAt: TestData.t1))
    }
}

/// The error a store threw, as a `StoreError`, or a recorded issue.
func storeError(_ body: () async throws -> Void, sourceLocation: Testing.SourceLocation = #_sourceLocation) async -> StoreError? {
    do {
        try await body()
        Issue.record("expected a StoreError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
