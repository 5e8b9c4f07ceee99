import Foundation
import PostgresNIO
import WorkflowEngine
import WorkflowModel

extension PostgresStore {
    /// One set-based statement of a batch upsert.
    private struct BatchStatement: Sendable {
        let query: PostgresQuery
        let rows: Int
        /// A required column these records lack: fine for an update, an error for an insert.
        let missingRequired: String?
    }

    /// Upserts `records` into the schema's table by `key` and records `checkpoint`, all in one
    /// transaction: on any error nothing of the batch is written. One statement writes each run
    /// of records that give the same columns and different keys (normally the whole batch).
    /// Counts are exact: the statement returns a row per record inserted or really updated,
    /// telling which (`xmax = 0` marks a row this transaction inserted). `created_at`/`updated_at`,
    /// when the schema has them, are set to `now` on insert; `updated_at` moves on update only
    /// when a written value changed. Values records give for those two columns are ignored.
    public func upsert(
        _ records: [WorkflowEngine.Record], into schema: DataSchema, key: [String], keep: [String],
        checkpoint: CommittedCheckpoint?, now: Date
    ) async throws(StoreError) -> UpsertCounts {
        let batch = try UpsertBatch(records, table: TableDefinition(schema), key: key, keep: keep)
        let statements = Self.statements(for: batch, now: ISOTimestamp(now).text, texts: upsertTexts)
        let saveCheckpoint = checkpoint.map { PostgresQuery(unsafeSQL: engine.saveCheckpoint, binds: Self.binds($0)) }
        let logger = logger
        let table = batch.table.name
        return try await transaction { connection in
            if let checkpoint { try await self.fence(connection, run: checkpoint.run) }
            let counts = try await Self.write(statements, table: table, on: connection, logger: logger)
            if let saveCheckpoint { try await connection.query(saveCheckpoint, logger: logger) }
            return counts
        }
    }

    /// Upserts `batch` inside the transaction of `connection` (see `upsert`).
    func writeUpsert(_ batch: UpsertBatch, now: Date, on connection: PostgresConnection) async throws -> UpsertCounts {
        let statements = Self.statements(for: batch, now: ISOTimestamp(now).text, texts: upsertTexts)
        return try await Self.write(statements, table: batch.table.name, on: connection, logger: logger)
    }

    private static func write(
        _ statements: [BatchStatement], table: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> UpsertCounts {
        var counts = UpsertCounts()
        for statement in statements {
            var returned = 0
            var inserted = 0
            for try await wasInserted in try await connection.query(statement.query, logger: logger).decode(Bool.self) {
                returned += 1
                if wasInserted { inserted += 1 }
            }
            if inserted > 0, let missing = statement.missingRequired {
                throw StoreError.missingValue(table: table, column: missing)
            }
            counts.inserted += inserted
            counts.updated += returned - inserted
            counts.unchanged += statement.rows - returned
        }
        return counts
    }

    /// Ends the rows this run did not see (one statement).
    public func endUnseen(in schema: DataSchema, column: String, scope: [String], run: Int64, now: Date) async throws(StoreError) -> Int {
        let table = TableDefinition(schema)
        for name in [column, TableSQL<PostgresDialect>.seenRunColumn] + scope where !table.columns.contains(where: { $0.name == name }) {
            throw StoreError.unknownColumn(table: table.name, column: name)
        }
        let sql = TableSQL(table: table, dialect: PostgresDialect()).endUnseen(column: column, scope: scope) + " RETURNING 1"
        var binds = PostgresBindings()
        binds.append(ISOTimestamp(now).text)
        binds.append(run)
        let logger = logger
        let statement = PostgresQuery(unsafeSQL: sql, binds: binds)
        return try await transaction { connection in
            try await self.fence(connection, run: run)
            var ended = 0
            for try await _ in try await connection.query(statement, logger: logger) { ended += 1 }
            return ended
        }
    }

    /// Records a checkpoint without data.
    public func commit(_ checkpoint: CommittedCheckpoint) async throws(StoreError) {
        let query = PostgresQuery(unsafeSQL: engine.saveCheckpoint, binds: Self.binds(checkpoint))
        let logger = logger
        try await transaction { connection in
            try await self.fence(connection, run: checkpoint.run)
            try await connection.query(query, logger: logger)
        }
    }

    /// Every checkpoint committed in a run.
    public func checkpoints(run: Int64) async throws(StoreError) -> [CommittedCheckpoint] {
        var binds = PostgresBindings()
        binds.append(run)
        return try await query(engine.selectCheckpoints, binds).map { row throws(StoreError) in
            let (run, sink, source, sequence, cursor) = try decode(row, (Int64, String, String, Int64, String).self)
            return CommittedCheckpoint(run: run, sink: sink, checkpoint: Checkpoint(source: source, sequence: sequence, cursor: cursor))
        }
    }

    /// The rows of a data table in batches of `batchSize`, in insertion (`id`) order, each
    /// batch read by its own query when pulled.
    public func rows(of schema: DataSchema, batchSize: Int) -> any BatchSource {
        PostgresRowSource(store: self, sql: TableSQL(table: TableDefinition(schema), dialect: PostgresDialect()), batchSize: batchSize)
    }

    /// The number of rows of a data table.
    public func count(of schema: DataSchema) async throws(StoreError) -> Int {
        let rows = try await query(TableSQL(table: TableDefinition(schema), dialect: PostgresDialect()).count)
        guard let row = rows.first else { return 0 }
        return Int(try decode(row.makeRandomAccess(), column: 0, as: Int64.self))
    }

    /// The statements that write `batch`: one per run of records with the same columns and
    /// different keys, each column's values in one array parameter.
    private static func statements(for batch: UpsertBatch, now: String, texts: StatementTextCache) -> [BatchStatement] {
        let sql = TableSQL(table: batch.table, dialect: PostgresDialect())
        return batch.segments().map { rows in
            let set = batch.columnSets[rows.lowerBound]
            let columns = set.indexes(below: batch.table.columns.count)
            // The text does not depend on the number of rows: they travel as arrays.
            let text = texts.text(for: .init(schema: batch.table.schema, columns: set, key: batch.key, keep: batch.keep, rows: 0)) {
                sql.batchUpsert(columns: columns, key: batch.key, keep: batch.keep)
            }
            var binds = PostgresBindings(capacity: columns.count + 1)
            for column in columns {
                let values = rows.map { batch.value(row: $0, column: column) }
                binds.append(PostgresColumnArray(elementType: PostgresColumnArray.elementType(for: batch.table.columns[column].type), values: values))
            }
            if batch.table.hasManagedColumns { binds.append(now) }
            return BatchStatement(
                query: PostgresQuery(unsafeSQL: text, binds: binds), rows: rows.count,
                missingRequired: batch.missingRequiredColumn(in: set))
        }
    }

    static func binds(_ checkpoint: CommittedCheckpoint) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(checkpoint.run)
        binds.append(checkpoint.sink)
        binds.append(checkpoint.checkpoint.source)
        binds.append(checkpoint.checkpoint.sequence)
        binds.append(checkpoint.checkpoint.cursor)
        return binds
    }
}
