import WorkflowModel

/// `upsert`: writes each batch into a data table by a unique key, in one transaction with the
/// batch's checkpoint, and passes the records on unchanged. A batch that arrives empty but
/// with a checkpoint (everything filtered out) still commits its checkpoint. In a dry run
/// nothing is written: each batch is described in the log instead.
///
/// `keep="subscribed_at"` writes those columns only when a row is inserted. `endMissing="ended_at"`
/// (with `scope="service"`) makes the upsert a full synchronization: each row written gets
/// `seen_run` = this run and `ended_at` = null, and once every record has been written, the rows
/// of the same scope that this run did not see get `ended_at` = now. Rows are never deleted.
public struct UpsertActivity: ActivityBehavior {
    public static let kind = ActivityKind.upsert
    public static let recordFlow: RecordFlow = [.consumesRecords, .producesRecords, .commitsCheckpoints, .overlapsInput, .instant]

    private let definition: Activity
    private let schema: DataSchema
    private let key: [String]
    private let keep: [String]
    private let endMissing: String?
    private let scope: [String]

    /// Resolves the schema and the key columns.
    public init(definition: Activity, setup: ActivitySetup) throws {
        self.definition = definition
        schema = try RecordActivitySetup.schema(of: definition, in: setup)
        key = RecordActivitySetup.words(definition["key"] ?? "")
        guard !key.isEmpty else { throw ActivityError(definition: definition, "key is missing") }
        keep = RecordActivitySetup.words(definition["keep"] ?? "")
        endMissing = definition["endMissing"]
        scope = RecordActivitySetup.words(definition["scope"] ?? "")
        let needed = key + keep + scope + (endMissing.map { [$0, UpsertWriter.seenRun] } ?? [])
        if let unknown = needed.first(where: { schema.column(named: $0) == nil }) {
            throw ActivityError(definition: definition, "data schema '\(schema.name)' has no column '\(unknown)'; run wfrun validate")
        }
    }

    /// Returns at once the stream that writes each batch as it passes.
    public func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        context.meter.upserted(UpsertCounts())
        guard let input else { return .next() }
        let writer = UpsertWriter(definition: definition, schema: schema, key: key, keep: keep, endMissing: endMissing, scope: scope, context: context)
        let output = TransformedBatches(input, onEnd: { try await writer.finish() }) { batch in
            context.meter.read(batch.records.count)
            try await writer.write(batch)
            context.meter.wrote(batch.records.count)
            return batch
        }
        return .next(output)
    }
}

/// Writes the batches of one `upsert` activation.
struct UpsertWriter: Sendable {
    let definition: Activity
    let schema: DataSchema
    let key: [String]
    let keep: [String]
    let endMissing: String?
    let scope: [String]
    let context: ActivityContext
    let errors: RecordErrorHandler

    /// The column that says which run last wrote a row (needed by `endMissing`).
    static let seenRun = "seen_run"

    init(
        definition: Activity, schema: DataSchema, key: [String], keep: [String] = [], endMissing: String? = nil,
        scope: [String] = [], context: ActivityContext
    ) {
        self.definition = definition
        self.schema = schema
        self.key = key
        self.keep = keep
        self.endMissing = endMissing
        self.scope = scope
        self.context = context
        errors = RecordErrorHandler(definition)
    }

    /// The records as written: with `endMissing`, stamped with this run and not ended.
    private func stamped(_ records: [Record]) -> [Record] {
        guard let endMissing else { return records }
        let run = ExpressionValue.int(context.run)
        return records.map { record in
            var record = record
            record[Self.seenRun] = run
            record[endMissing] = .null
            return record
        }
    }

    /// Writes one batch and its checkpoint, or describes it in a dry run.
    func write(_ batch: RecordBatch) async throws {
        let checkpoint = batch.checkpoint.map { CommittedCheckpoint(run: context.run, sink: definition.name, checkpoint: $0) }
        if context.dryRun {
            if let first = batch.records.first {
                await context.log(.info, "would upsert \(batch.records.count) record\(batch.records.count == 1 ? "" : "s") into \(schema.name) (key \(key.joined(separator: " "))); first: \(Self.shortJSON(first))")
            }
            return
        }
        if batch.records.isEmpty {
            guard let checkpoint else { return }
            do {
                try await context.store.commit(checkpoint)
            } catch {
                throw failure(error)
            }
            return
        }
        do {
            context.meter.upserted(try await context.store.upsert(
                stamped(batch.records), into: schema, key: key, keep: keep, checkpoint: checkpoint, now: context.clock.now()))
        } catch let error as StoreError where errors.dropsRecords && error.isAboutOneRecord {
            try await writeOneByOne(batch.records, checkpoint: checkpoint)
        } catch {
            throw failure(error)
        }
    }

    /// With `errorPolicy="ignore"`, a batch the store refused is written record by record, the
    /// refused ones logged and dropped, then its checkpoint committed. Not one transaction, but
    /// upserts by key are idempotent: a crash in between re-writes the same rows on resume.
    private func writeOneByOne(_ records: [Record], checkpoint: CommittedCheckpoint?) async throws {
        for record in records {
            do {
                context.meter.upserted(try await context.store.upsert(
                    stamped([record]), into: schema, key: key, keep: keep, checkpoint: nil, now: context.clock.now()))
            } catch let error as StoreError where error.isAboutOneRecord {
                await errors.dropped("\(message(error)) (record \(RecordSummary.of(record)))", context: context)
            } catch {
                throw failure(error)
            }
        }
        if let checkpoint {
            do {
                try await context.store.commit(checkpoint)
            } catch {
                throw failure(error)
            }
        }
    }

    /// Logs the total of dropped records, if it was not logged one by one; with `endMissing`,
    /// ends the rows this run did not see (only now that every record is written).
    func finish() async throws {
        await errors.finish(context: context)
        guard let endMissing else { return }
        let scopeText = scope.isEmpty ? "" : " of the same \(scope.joined(separator: ", "))"
        if context.dryRun {
            await context.log(.info, "would set \(endMissing) in the \(schema.name) rows\(scopeText) that this run did not see")
            return
        }
        do {
            let ended = try await context.store.endUnseen(in: schema, column: endMissing, scope: scope, run: context.run, now: context.clock.now())
            await context.log(.info, "\(ended) \(schema.name) row\(ended == 1 ? "" : "s")\(scopeText) not seen by this run: \(endMissing) set")
        } catch {
            throw failure(error)
        }
    }

    private func failure(_ error: any Error) -> any Error {
        guard let storeError = error as? StoreError else { return ActivityError.wrapping(error, in: definition) }
        return ActivityError(activity: definition.name, message: message(storeError), retryability: storeError.retryability)
    }

    /// `upsert 'save' (run 12): visitor.friends expects integer, got string 'many'`.
    private func message(_ error: StoreError) -> String {
        "upsert '\(definition.name)' into \(schema.name) (run \(context.run)): \(error)"
    }

    /// A record as JSON, cut at 300 characters.
    static func shortJSON(_ record: Record) -> String {
        let json = ExpressionValue.object(record).json
        return json.count > 300 ? String(json.prefix(299)) + "…" : json
    }
}

extension StoreError {
    /// True when the error is about a value of one record (not the database as a whole).
    var isAboutOneRecord: Bool {
        switch self {
        case .typeMismatch, .missingValue, .unknownColumn, .valueNotAllowed: true
        case .cannotOpen, .database, .newerStore, .notAStore, .runLost: false
        }
    }
}
