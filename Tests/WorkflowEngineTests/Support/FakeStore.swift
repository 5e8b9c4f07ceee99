import Foundation
import Synchronization
import WorkflowEngine
import WorkflowModel

/// An in-memory store for activity tests: data tables keyed by their upsert key, every upsert
/// call (one per transaction) and every committed checkpoint, in order.
final class FakeStore: WorkflowStore {
    struct State {
        /// Rows per table, by key values.
        var tables: [String: [[ExpressionValue]: Record]] = [:]
        /// One entry per `upsert` call: the table, the records, the checkpoint.
        var upserts: [(table: String, records: [Record], checkpoint: CommittedCheckpoint?)] = []
        var checkpoints: [CommittedCheckpoint] = []
        var logs: [RunLogEntry] = []
        /// Thrown by the next upserts when set.
        var upsertFailure: (@Sendable ([Record]) -> StoreError?)?
    }

    let state = Mutex(State())

    /// Rows of a table, ordered by key.
    func rows(_ table: String) -> [Record] {
        state.withLock { state in
            (state.tables[table] ?? [:]).sorted { $0.key.map(\.json).joined() < $1.key.map(\.json).joined() }.map(\.value)
        }
    }

    var upsertCalls: [(table: String, records: [Record], checkpoint: CommittedCheckpoint?)] { state.withLock { $0.upserts } }
    var committed: [CommittedCheckpoint] { state.withLock { $0.checkpoints } }

    /// Makes upserts fail when `failure` returns an error for the records given.
    func failUpserts(_ failure: @escaping @Sendable ([Record]) -> StoreError?) {
        state.withLock { $0.upsertFailure = failure }
    }

    /// Fills a table directly.
    func insert(_ records: [Record], into schema: DataSchema) {
        let key = schema.uniqueKeys.first?.columns ?? []
        state.withLock { state in
            for record in records { state.tables[schema.name, default: [:]][key.map { record[$0] ?? .null }] = record }
        }
    }

    func prepare(schemas: [DataSchema]) async throws {}
    func beginRun(_ run: RunRecord) async throws -> RunRecord { run }
    func updateRun(_ run: RunRecord) async throws {}
    func run(id: Int64) async throws -> RunRecord? { nil }
    func runs(workflow: String?, limit: Int) async throws -> [RunRecord] { [] }
    func runs(matching query: RunQuery) async throws -> [RunRecord] { [] }
    func countRuns(matching query: RunQuery) async throws -> Int { 0 }
    func latestRuns(perWorkflow: Int, workflows: [String]) async throws -> [String: [RunRecord]] { [:] }
    func resumableRun(workflow: String) async throws -> RunRecord? { nil }
    func claimRun(_ request: RunClaimRequest) async throws -> RunClaim {
        var run = request.run
        run.owner = request.owner
        return .started(run)
    }
    func renewLease(run: Int64, owner: RunOwner, seconds: Double) async throws -> Bool { true }
    func finishRun(_ run: RunRecord, owner: RunOwner) async throws -> Bool { true }
    func saveActivityRun(_ activity: ActivityRunRecord) async throws {}
    func activityRuns(run: Int64) async throws -> [ActivityRunRecord] { [] }
    func appendLog(_ entry: RunLogEntry) async throws { state.withLock { $0.logs.append(entry) } }
    func logs(run: Int64) async throws -> [RunLogEntry] { state.withLock { $0.logs } }
    func logs(run: Int64, after: Int64?, limit: Int) async throws -> RunLogPage {
        let lines = state.withLock { $0.logs }.enumerated().map { offset, entry in
            var numbered = entry
            numbered.sequence = Int64(offset + 1)
            return numbered
        }
        let page = Array(lines.filter { $0.sequence! > after ?? 0 }.prefix(max(0, limit)))
        return RunLogPage(entries: page, last: page.last?.sequence ?? after)
    }

    func upsert(
        _ records: [Record], into schema: DataSchema, key: [String], keep: [String], checkpoint: CommittedCheckpoint?, now: Date
    ) async throws -> UpsertCounts {
        try state.withLock { state in
            if let error = state.upsertFailure?(records) { throw error }
            var counts = UpsertCounts()
            for record in records {
                let keyValues = key.map { record[$0] ?? .null }
                if let existing = state.tables[schema.name]?[keyValues] {
                    let merged = existing.merging(record.filter { !keep.contains($0.key) }) { _, new in new }
                    if merged == existing { counts.unchanged += 1 } else { counts.updated += 1 }
                    state.tables[schema.name]![keyValues] = merged
                } else {
                    counts.inserted += 1
                    state.tables[schema.name, default: [:]][keyValues] = record
                }
            }
            state.upserts.append((schema.name, records, checkpoint))
            if let checkpoint { state.checkpoints.append(checkpoint) }
            return counts
        }
    }

    /// In memory, what the real stores do in one statement (their behaviour tests cover it).
    func endUnseen(in schema: DataSchema, column: String, scope: [String], run: Int64, now: Date) async throws -> Int {
        state.withLock { state in
            let rows = state.tables[schema.name] ?? [:]
            let seenScopes = Set(rows.values.filter { $0["seen_run"] == .int(run) }.map { row in scope.map { row[$0] ?? .null } })
            var ended = 0
            for (key, row) in rows where (row[column] ?? .null) == .null && row["seen_run"] != .int(run)
                && seenScopes.contains(scope.map { row[$0] ?? .null }) {
                state.tables[schema.name]?[key]?[column] = .string(ISO8601DateFormatter().string(from: now))
                ended += 1
            }
            return ended
        }
    }

    func commit(_ checkpoint: CommittedCheckpoint) async throws {
        state.withLock { $0.checkpoints.append(checkpoint) }
    }

    func checkpoints(run: Int64) async throws -> [CommittedCheckpoint] { committed.filter { $0.run == run } }

    func rows(of schema: DataSchema, batchSize: Int) -> any BatchSource {
        let all = rows(schema.name)
        return BatchesOf(stride(from: 0, to: all.count, by: batchSize).map { RecordBatch(records: Array(all[$0..<min($0 + batchSize, all.count)])) })
    }

    func count(of schema: DataSchema) async throws -> Int { rows(schema.name).count }
    func rows(of schema: DataSchema, after cursor: DataCursor?, limit: Int) async throws -> DataPage {
        let all = rows(schema.name)
        let start = Int(cursor?.rowID ?? 0)
        let page = Array(all.dropFirst(start).prefix(max(0, limit)))
        let positions = page.indices.map { DataCursor(table: schema.name, rowID: Int64(start + $0 + 1)) }
        return DataPage(rows: page, positions: positions, next: start + page.count < all.count ? positions.last : nil)
    }
    func close() async throws {}
}

/// A stream of batches given up front, that counts how many were pulled.
final class BatchesOf: BatchSource {
    private let state: Mutex<(remaining: [RecordBatch], pulled: Int)>

    init(_ batches: [RecordBatch]) {
        state = Mutex((Array(batches.reversed()), 0))
    }

    /// Batches handed out so far.
    var pulled: Int { state.withLock { $0.pulled } }

    func next() async throws -> RecordBatch? {
        state.withLock { state in
            guard let batch = state.remaining.popLast() else { return nil }
            state.pulled += 1
            return batch
        }
    }
}

/// A stream that fails after its batches.
final class FailingSource: BatchSource {
    private let batches: BatchesOf
    private let error: any Error

    init(_ batches: [RecordBatch], then error: any Error) {
        self.batches = BatchesOf(batches)
        self.error = error
    }

    func next() async throws -> RecordBatch? {
        if let batch = try await batches.next() { return batch }
        throw error
    }
}
