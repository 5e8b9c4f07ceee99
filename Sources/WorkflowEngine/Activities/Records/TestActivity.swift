import WorkflowModel

/// `test`: branches on `condition`. Without records it evaluates the condition once (on an
/// empty record: parameters and `now()`) and follows `then` or `else`. With records it routes
/// each one: those for which the condition holds go along `then`, the others along `else`;
/// each batch is routed once, and the two sides read their shares of it from a `Multicast`.
public struct TestActivity: ActivityBehavior {
    public static let kind = ActivityKind.test
    public static let recordFlow = RecordFlow.transform

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
        let routed = Multicast<[RecordBatch]>(consumers: 2) {
            guard let batch = try await input.next() else {
                await errors.finish(context: context)
                return nil
            }
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
            return [RecordBatch(records: then, checkpoint: batch.checkpoint), RecordBatch(records: otherwise, checkpoint: batch.checkpoint)]
        }
        return ActivityResult(follow: [.then, .else], streams: [.then: routed.share(0), .else: routed.share(1)])
    }
}
