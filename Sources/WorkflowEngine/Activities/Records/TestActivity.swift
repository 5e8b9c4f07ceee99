import WorkflowModel

/// `test`: branches on `condition`. Without records it evaluates the condition once (on an
/// empty record: parameters and `now()`) and follows `then` or `else`. With records it routes
/// each one: those for which the condition holds go along `then`, the others along `else`;
/// both streams are fed from the one input by a `BatchSplitter`.
public struct TestActivity: ActivityBehavior {
    public static let kind = ActivityKind.test
    public static let consumesRecords = true

    private let definition: Activity
    private let condition: RecordExpression

    /// Reads the parsed condition.
    public init(definition: Activity, setup: ActivitySetup) throws {
        self.definition = definition
        condition = try RecordExpression("condition", of: definition)
    }

    /// Follows one branch, or both with the records split between them.
    public func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        let condition = condition
        let evaluation = context.evaluation
        guard let input else {
            do throws(RecordFailure) {
                return ActivityResult(follow: [try condition.holds(on: [:], evaluation) ? .then : .else])
            } catch {
                throw ActivityError(error.error, in: definition, part: nil, record: [:])
            }
        }
        let errors = RecordErrorHandler(definition)
        let splitter = BatchSplitter(input, onEnd: { await errors.finish(context: context) }) { batch in
            context.meter.read(batch.records.count)
            var then: [Record] = [], otherwise: [Record] = []
            for record in batch.records {
                do throws(RecordFailure) {
                    if try condition.holds(on: record, evaluation) { then.append(record) } else { otherwise.append(record) }
                } catch {
                    try await errors.handle(error, record: record, context: context)
                }
            }
            context.meter.wrote(then.count + otherwise.count)
            return (RecordBatch(records: then, checkpoint: batch.checkpoint), RecordBatch(records: otherwise, checkpoint: batch.checkpoint))
        }
        return ActivityResult(follow: [.then, .else], streams: [.then: splitter.first, .else: splitter.second])
    }
}
