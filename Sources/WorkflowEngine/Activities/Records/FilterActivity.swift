import WorkflowModel

/// `filter`: passes on the records for which `condition` is true (`null` counts as false).
/// A batch keeps its checkpoint even when no record of it passes.
public struct FilterActivity: ActivityBehavior {
    public static let kind = ActivityKind.filter
    public static let recordFlow = RecordFlow.transform

    private let definition: Activity
    private let condition: RecordExpression

    /// Reads the parsed condition.
    public init(definition: Activity, setup: ActivitySetup) throws {
        self.definition = definition
        condition = try RecordExpression("condition", of: definition)
    }

    /// Returns at once the filtered stream.
    public func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        guard let input else { return .next() }
        let condition = condition
        let errors = RecordErrorHandler(definition)
        let evaluation = context.evaluation
        let output = TransformedBatches(input, onEnd: { await errors.finish(context: context) }) { batch in
            context.meter.read(batch.records.count)
            var kept: [Record] = []
            for record in batch.records {
                do throws(RecordFailure) {
                    if try condition.holds(on: record, evaluation) { kept.append(record) }
                } catch {
                    try await errors.handle(error, record: record, context: context)
                }
            }
            context.meter.wrote(kept.count)
            return RecordBatch(records: kept, checkpoint: batch.checkpoint)
        }
        return .next(output)
    }
}
