import Foundation
import GRDB
import WorkflowEngine
import WorkflowModel

extension SQLiteStore {
    /// Upserts `records` into the schema's table by `key` and records `checkpoint`, all in one
    /// transaction: on any error nothing of the batch is written. `created_at`/`updated_at`,
    /// when the schema has them, are set to `now` on insert; `updated_at` moves on update only
    /// when a written value changed. Values records give for those two columns are ignored.
    public func upsert(
        _ records: [WorkflowEngine.Record], into schema: DataSchema, key: [String],
        checkpoint: CommittedCheckpoint?, now: Date
    ) async throws(StoreError) -> UpsertCounts {
        let writer = SQLiteBatchWriter(
            batch: try UpsertBatch(records, table: TableDefinition(schema), key: key),
            now: .text(ISOTimestamp.string(from: now)), texts: upsertTexts)
        let saveCheckpoint = engine.saveCheckpoint
        return try await write { db in
            let counts = try writer.write(db)
            if let checkpoint {
                try db.cachedStatement(sql: saveCheckpoint).execute(arguments: Self.arguments(checkpoint))
            }
            return counts
        }
    }

    /// Records a checkpoint without data.
    public func commit(_ checkpoint: CommittedCheckpoint) async throws(StoreError) {
        let sql = engine.saveCheckpoint
        let arguments = Self.arguments(checkpoint)
        try await write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// Every checkpoint committed in a run.
    public func checkpoints(run: Int64) async throws(StoreError) -> [CommittedCheckpoint] {
        let sql = engine.selectCheckpoints
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: [run]).map { row in
                CommittedCheckpoint(run: row[0], sink: row[1], checkpoint: Checkpoint(source: row[2], sequence: row[3], cursor: row[4]))
            }
        }
    }

    /// The rows of a data table in batches of `batchSize`, in insertion (`id`) order, each
    /// batch read in its own read transaction when pulled.
    public func rows(of schema: DataSchema, batchSize: Int) -> any BatchSource {
        SQLiteRowSource(store: self, sql: TableSQL(table: TableDefinition(schema), dialect: SQLiteDialect()), batchSize: batchSize)
    }

    /// The number of rows of a data table.
    public func count(of schema: DataSchema) async throws(StoreError) -> Int {
        let sql = TableSQL(table: TableDefinition(schema), dialect: SQLiteDialect()).count
        return try await read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    private static func arguments(_ checkpoint: CommittedCheckpoint) -> StatementArguments {
        [checkpoint.run, checkpoint.sink, checkpoint.checkpoint.source, checkpoint.checkpoint.sequence, checkpoint.checkpoint.cursor]
    }
}
