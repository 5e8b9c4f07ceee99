import WorkflowModel

/// A parsed expression of a record activity, with the part of the definition it comes from
/// (`field friends`, `measure retweets`, or nil for the activity's own `condition`), so that
/// an evaluation error can say where it happened.
struct RecordExpression: Sendable {
    /// Where it is written, for messages; nil for an attribute of the activity itself.
    let part: String?
    /// The expression, parsed when the workflow was loaded.
    let expression: Expression

    private static let evaluator = ExpressionEvaluator()

    /// Reads the parsed expression of `attribute` (already checked by `validate`).
    init(_ attribute: String, of activity: Activity) throws {
        guard let value = activity.attributes[attribute] else {
            throw ActivityError(definition: activity, "\(attribute) is missing")
        }
        try self.init(value, attribute: attribute, part: nil, of: activity)
    }

    /// Reads a parsed attribute value (an activity's or a setting's).
    init(_ value: AttributeValue, attribute: String, part: String?, of activity: Activity) throws {
        guard let expression = value.expression else {
            throw ActivityError(
                definition: activity,
                "\(part.map { "\($0) " } ?? "")\(attribute)=\"\(value.text)\" is not a valid expression; run wfrun validate")
        }
        self.part = part
        self.expression = expression
    }

    /// The value on `record`.
    func value(on record: Record, _ context: EvaluationContext) throws(RecordFailure) -> ExpressionValue {
        do {
            return try Self.evaluator.evaluate(expression, record: record, context: context)
        } catch {
            throw RecordFailure(part: part, error: error)
        }
    }

    /// The value on `record` as a condition (`null` is false).
    func holds(on record: Record, _ context: EvaluationContext) throws(RecordFailure) -> Bool {
        do {
            return try Self.evaluator.evaluateCondition(expression, record: record, context: context)
        } catch {
            throw RecordFailure(part: part, error: error)
        }
    }
}

/// An expression that failed on a record, and where it is written.
struct RecordFailure: Error {
    /// `field friends`, `measure retweets`, or nil.
    var part: String?
    /// What the evaluator said.
    var error: EvaluationError
}
