import WorkflowModel

/// A parsed expression of a record activity, with the part of the definition it comes from
/// (`field friends`, `measure retweets`, or nil for the activity's own `condition`), so that
/// an evaluation error can say where it happened. A class: activities hold and pass it around
/// per record, and a copy of a struct holding the parsed tree costs a retain for each of its parts.
final class RecordExpression: Sendable {
    /// Where it is written, for messages; nil for an attribute of the activity itself.
    let part: String?
    /// The expression, parsed when the workflow was loaded.
    let expression: Expression
    /// The same expression when it is a constant or a field read (most of a `map`'s fields),
    /// which `value(on:)` answers without the evaluator's tree walk.
    private let direct: Direct

    private static let evaluator = ExpressionEvaluator()

    /// The expressions answered directly, with exactly the evaluator's meaning.
    private enum Direct: Sendable {
        /// `'Twitter'`, `42`: the value.
        case literal(ExpressionValue)
        /// `id`: the field, `null` when missing.
        case field(String)
        /// `public_metrics.followers_count`: one nested field, `null` when missing or when the
        /// outer field is not an object.
        case nested(String, String)
        /// `now()`: the run's instant, formatted once.
        case now
        /// Anything else: the evaluator.
        case evaluated

        init(_ node: ExpressionNode) {
            switch node.kind {
            case .literal(let value): self = .literal(value)
            case .path(let path) where path.count == 1: self = .field(path[0])
            case .path(let path) where path.count == 2: self = .nested(path[0], path[1])
            case .call(.now, _): self = .now
            default: self = .evaluated
            }
        }
    }

    /// Reads the parsed expression of `attribute` (already checked by `validate`).
    convenience init(_ attribute: String, of activity: Activity) throws {
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
        direct = Direct(expression.root)
    }

    /// The value on `record`.
    func value(on record: Record, _ context: EvaluationContext) throws(RecordFailure) -> ExpressionValue {
        switch direct {
        case .literal(let value): return value
        case .field(let name): return record[name] ?? .null
        case .nested(let outer, let inner):
            guard case .object(let fields) = record[outer] else { return .null }
            return fields[inner] ?? .null
        case .now: return context.nowValue
        case .evaluated: break
        }
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
