import Synchronization
import WorkflowModel

/// `query`: a source reading the rows of a data table, in key order, keeping those for which
/// the optional `where` holds and stopping after `limit` of them. Its batches carry no
/// checkpoint: reading the table again is harmless, so a resumed run simply reads it again.
public struct QueryActivity: ActivityBehavior {
    public static let kind = ActivityKind.query
    public static let recordFlow = RecordFlow.producesRecords

    private let definition: Activity
    private let schema: DataSchema
    private let condition: RecordExpression?
    private let limit: Int?

    /// Resolves the schema, the condition and the limit.
    public init(definition: Activity, setup: ActivitySetup) throws {
        self.definition = definition
        schema = try RecordActivitySetup.schema(of: definition, in: setup)
        condition = try definition.attributes["where"].map {
            try RecordExpression($0, attribute: "where", part: nil, of: definition)
        }
        if let text = definition["limit"] {
            guard let limit = Int(text), limit > 0 else {
                throw ActivityError(definition: definition, "limit=\"\(text)\" is not a positive integer")
            }
            self.limit = limit
        } else {
            limit = nil
        }
    }

    /// Returns at once the stream of matching rows.
    public func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        let rows = context.store.rows(of: schema, batchSize: max(1, context.batchSize))
        return .next(QueryRows(rows, definition: definition, condition: condition, limit: limit, context: context))
    }
}

/// The rows of one `query` activation.
final class QueryRows: BatchSource {
    private let rows: any BatchSource
    private let definition: Activity
    private let condition: RecordExpression?
    private let context: ActivityContext
    private let errors: RecordErrorHandler
    /// How many more rows may pass (nil: no limit); 0 ends the stream without reading further.
    private let remaining: Mutex<Int?>

    init(_ rows: any BatchSource, definition: Activity, condition: RecordExpression?, limit: Int?, context: ActivityContext) {
        self.rows = rows
        self.definition = definition
        self.condition = condition
        self.context = context
        errors = RecordErrorHandler(definition)
        remaining = Mutex(limit)
    }

    func next() async throws -> RecordBatch? {
        while remaining.withLock({ $0 ?? 1 }) > 0 {
            let batch: RecordBatch?
            do {
                batch = try await rows.next()
            } catch {
                throw ActivityError.wrapping(error, in: definition)
            }
            guard let batch else { break }
            context.meter.read(batch.records.count)
            var kept: [Record] = []
            for record in batch.records {
                if let condition {
                    do throws(RecordFailure) {
                        guard try condition.holds(on: record, context.evaluation) else { continue }
                    } catch {
                        try await errors.handle(error, record: record, context: context)
                        continue
                    }
                }
                kept.append(record)
            }
            let allowed = remaining.withLock { remaining -> Int in
                let allowed = min(kept.count, remaining ?? kept.count)
                remaining = remaining.map { $0 - allowed }
                return allowed
            }
            if allowed < kept.count { kept.removeLast(kept.count - allowed) }
            guard !kept.isEmpty else { continue }
            context.meter.wrote(kept.count)
            return RecordBatch(records: kept)
        }
        await errors.finish(context: context)
        return nil
    }
}
