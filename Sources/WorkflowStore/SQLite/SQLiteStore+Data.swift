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
        _ records: [WorkflowEngine.Record], into schema: DataSchema, key: [String], keep: [String],
        checkpoint: CommittedCheckpoint?, now: Date
    ) async throws(StoreError) -> UpsertCounts {
        let writer = SQLiteBatchWriter(
            batch: try UpsertBatch(records, table: TableDefinition(schema), key: key, keep: keep),
            now: .text(ISOTimestamp(now).text), texts: upsertTexts)
        let saveCheckpoint = engine.saveCheckpoint
        return try await write { db in
            if let checkpoint { try self.fence(db, run: checkpoint.run) }
            let counts = try writer.write(db)
            if let checkpoint {
                try db.cachedStatement(sql: saveCheckpoint).execute(arguments: Self.arguments(checkpoint))
            }
            return counts
        }
    }

    /// Ends the rows this run did not see (one statement).
    public func endUnseen(in schema: DataSchema, column: String, scope: [String], run: Int64, now: Date) async throws(StoreError) -> Int {
        let table = TableDefinition(schema)
        for name in [column, TableSQL<SQLiteDialect>.seenRunColumn] + scope where !table.columns.contains(where: { $0.name == name }) {
            throw StoreError.unknownColumn(table: table.name, column: name)
        }
        let sql = TableSQL(table: table, dialect: SQLiteDialect()).endUnseen(column: column, scope: scope)
        let arguments: StatementArguments = [ISOTimestamp(now).text, run]
        return try await write { db in
            try self.fence(db, run: run)
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount
        }
    }

    /// Records a checkpoint without data.
    public func commit(_ checkpoint: CommittedCheckpoint) async throws(StoreError) {
        let sql = engine.saveCheckpoint
        let arguments = Self.arguments(checkpoint)
        try await write { db in
            try self.fence(db, run: checkpoint.run)
            try db.execute(sql: sql, arguments: arguments)
        }
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
        if absentTables.withLock({ $0.contains(schema.name) }) { return NoRows() }
        return SQLiteRowSource(store: self, sql: TableSQL(table: TableDefinition(schema), dialect: SQLiteDialect()), batchSize: batchSize)
    }

    /// The number of rows of a data table.
    public func count(of schema: DataSchema) async throws(StoreError) -> Int {
        if absentTables.withLock({ $0.contains(schema.name) }) { return 0 }
        let sql = TableSQL(table: TableDefinition(schema), dialect: SQLiteDialect()).count
        return try await read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    static func arguments(_ checkpoint: CommittedCheckpoint) -> StatementArguments {
        [checkpoint.run, checkpoint.sink, checkpoint.checkpoint.source, checkpoint.checkpoint.sequence, checkpoint.checkpoint.cursor]
    }
}

/// The rows of a table a read-only store does not have yet: none.
final class NoRows: BatchSource {
    func next() async throws -> RecordBatch? { nil }
}
