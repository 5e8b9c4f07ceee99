/// Evaluates parsed expressions on records. Stateless and `Sendable`: one evaluator serves every
/// activity and task.
///
///     let evaluator = ExpressionEvaluator()
///     let context = EvaluationContext(parameters: ["who": "ada"], now: runStart)
///     let value = try evaluator.evaluate(expression, record: record, context: context)
///
/// Semantics in short: a missing field (or a path through something that is not an object) is
/// `null`; arithmetic and most functions give `null` when given `null`; `and`, `or` and `not` take
/// booleans, with `null` counting as false, and short-circuit; type mismatches are errors that
/// name the operator and the values.
public struct ExpressionEvaluator: Sendable {
    /// Creates an evaluator.
    public init() {}

    /// The expression's value on `record`.
    public func evaluate(
        _ expression: Expression, record: [String: ExpressionValue], context: EvaluationContext
    ) throws(EvaluationError) -> ExpressionValue {
        try evaluate(expression.root, in: Scope(record: record, context: context))
    }

    /// The expression's value as a condition (`filter`, `test`): `true` or `false`, with `null`
    /// counting as false; any other value is an error, since `filter condition="name"` is almost
    /// always a mistake for `name != null`.
    public func evaluateCondition(
        _ expression: Expression, record: [String: ExpressionValue], context: EvaluationContext
    ) throws(EvaluationError) -> Bool {
        let value = try evaluate(expression, record: record, context: context)
        switch value {
        case .bool(let flag): return flag
        case .null: return false
        default:
            throw EvaluationError(
                .type, "the condition gives \(value), not true or false; compare it, e.g. x != null or x == 'text'",
                at: expression.root.startOffset)
        }
    }

    /// What a node can see.
    struct Scope {
        let record: [String: ExpressionValue]
        let context: EvaluationContext
    }

    func evaluate(_ node: ExpressionNode, in scope: Scope) throws(EvaluationError) -> ExpressionValue {
        switch node.kind {
        case .literal(let value):
            return value
        case .path(let path):
            return Self.lookUp(path, in: scope.record)
        case .unary(let op, let operand):
            return try applyUnary(op, to: evaluate(operand, in: scope), at: node.offset)
        case .binary(.and, let lhs, let rhs):
            guard try condition(lhs, of: .and, in: scope, at: node.offset) else { return false }
            return .bool(try condition(rhs, of: .and, in: scope, at: node.offset))
        case .binary(.or, let lhs, let rhs):
            if try condition(lhs, of: .or, in: scope, at: node.offset) { return true }
            return .bool(try condition(rhs, of: .or, in: scope, at: node.offset))
        case .binary(let op, let lhs, let rhs):
            return try applyBinary(op, evaluate(lhs, in: scope), evaluate(rhs, in: scope), at: node.offset)
        case .call(let function, let arguments):
            return try call(function, arguments, in: scope, at: node.offset)
        }
    }

    /// The value at `path` in `record`; `null` when a segment is missing or not an object.
    static func lookUp(_ path: [String], in record: [String: ExpressionValue]) -> ExpressionValue {
        guard let first = path.first, var value = record[first] else { return .null }
        for segment in path.dropFirst() {
            guard case .object(let fields) = value, let next = fields[segment] else { return .null }
            value = next
        }
        return value
    }
}
