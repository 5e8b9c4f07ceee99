import WorkflowModel

/// `map`: turns each record into a new one holding exactly the `<field name value>` fields,
/// each value computed from the input record (a missing input field reads as `null`).
///
///     <map name="toVisitor">
///       <field name="origin" value="'Twitter'"/>
///       <field name="external_id" value="id"/>
///       <next to="save"/>
///     </map>
public struct MapActivity: ActivityBehavior {
    public static let kind = ActivityKind.map
    public static let recordFlow = RecordFlow.transform

    private let definition: Activity
    private let fields: [(name: String, value: RecordExpression)]
    /// The output record's fields and their positions, so that a record is filled, not built.
    private let output: RecordTemplate

    /// Reads the fields and their parsed expressions.
    public init(definition: Activity, setup: ActivitySetup) throws {
        self.definition = definition
        fields = try definition.settings(named: "field").map { setting in
            guard let name = setting["name"], let value = setting.attributes["value"] else {
                throw ActivityError(definition: definition, "a <field> needs a name and a value")
            }
            return (name, try RecordExpression(value, attribute: "value", part: "field \(name)", of: definition))
        }
        output = RecordTemplate(fields: fields.map(\.name))
    }

    /// Returns at once the mapped stream; mapping happens as it is pulled.
    public func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        guard let input else { return .next() }
        let fields = fields.map(\.value)
        let template = output
        let errors = RecordErrorHandler(definition)
        let evaluation = context.evaluation
        let output = TransformedBatches(input, onEnd: { await errors.finish(context: context) }) { batch in
            context.meter.read(batch.records.count)
            var mapped: [Record] = []
            mapped.reserveCapacity(batch.records.count)
            for record in batch.records {
                do throws(RecordFailure) {
                    var result = template.record
                    // By index: iterating (a zip) would copy each expression, retains and all.
                    for index in fields.indices {
                        result.values[template.slots[index]] = try fields[index].value(on: record, evaluation)
                    }
                    mapped.append(result)
                } catch {
                    try await errors.handle(error, record: record, context: context)
                }
            }
            context.meter.wrote(mapped.count)
            return RecordBatch(records: mapped, checkpoint: batch.checkpoint)
        }
        return .next(output)
    }
}
