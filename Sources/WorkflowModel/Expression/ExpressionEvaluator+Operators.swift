/// Operators: logic, arithmetic and comparison.
extension ExpressionEvaluator {
    /// Evaluates an operand of `and`, `or` or `not`: a bool, or `null` counting as false.
    func condition(
        _ node: ExpressionNode, of op: BinaryOperator, in scope: Scope, at offset: Int
    ) throws(EvaluationError) -> Bool {
        try Self.truth(evaluate(node, in: scope), of: op.rawValue, at: offset)
    }

    /// A bool, or `null` as false; anything else is an error naming the operator.
    static func truth(_ value: ExpressionValue, of op: String, at offset: Int) throws(EvaluationError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .null: return false
        default:
            throw EvaluationError(
                .type, "cannot apply '\(op)' to \(value); it takes true, false or null", at: offset)
        }
    }

    func applyUnary(_ op: UnaryOperator, to value: ExpressionValue, at offset: Int) throws(EvaluationError) -> ExpressionValue {
        switch (op, value) {
        case (.not, _):
            return .bool(!(try Self.truth(value, of: "not", at: offset)))
        case (.negate, .null):
            return .null
        case (.negate, .int(let number)):
            let (negated, overflow) = Int64(0).subtractingReportingOverflow(number)
            guard !overflow else {
                throw EvaluationError(.overflow, "cannot apply '-' to \(value): the result is out of the int range", at: offset)
            }
            return .int(negated)
        case (.negate, .number(let number)):
            return .number(-number)
        case (.negate, _):
            throw EvaluationError(.type, "cannot apply '-' to \(value); it takes an int or a number", at: offset)
        }
    }

    func applyBinary(
        _ op: BinaryOperator, _ lhs: ExpressionValue, _ rhs: ExpressionValue, at offset: Int
    ) throws(EvaluationError) -> ExpressionValue {
        if op.isComparison { return .bool(try compare(op, lhs, rhs, at: offset)) }
        return try arithmetic(op, lhs, rhs, at: offset)
    }

    // MARK: - Arithmetic

    private func arithmetic(
        _ op: BinaryOperator, _ lhs: ExpressionValue, _ rhs: ExpressionValue, at offset: Int
    ) throws(EvaluationError) -> ExpressionValue {
        switch (lhs, rhs) {
        case (.null, _), (_, .null):
            return .null
        case (.int(let a), .int(let b)):
            return try integerArithmetic(op, a, b, lhs, rhs, at: offset)
        case (.int, .number), (.number, .int), (.number, .number):
            return try numberArithmetic(op, lhs.double!, rhs.double!, lhs, rhs, at: offset)
        case (.string(let a), .string(let b)) where op == .add:
            return .string(a + b)
        default:
            let hint = op == .add && (lhs.typeName == "string" || rhs.typeName == "string")
                ? "; use concat() to join text with other values" : "; it takes ints and numbers"
            throw EvaluationError(.type, "cannot apply '\(op.rawValue)' to \(lhs) and \(rhs)\(hint)", at: offset)
        }
    }

    private func integerArithmetic(
        _ op: BinaryOperator, _ a: Int64, _ b: Int64, _ lhs: ExpressionValue, _ rhs: ExpressionValue, at offset: Int
    ) throws(EvaluationError) -> ExpressionValue {
        let result: (partialValue: Int64, overflow: Bool)
        switch op {
        case .add: result = a.addingReportingOverflow(b)
        case .subtract: result = a.subtractingReportingOverflow(b)
        case .multiply: result = a.multipliedReportingOverflow(by: b)
        case .divide:
            guard b != 0 else { throw divisionByZero(op, lhs, rhs, at: offset) }
            return .number(Double(a) / Double(b))
        default:
            guard b != 0 else { throw divisionByZero(op, lhs, rhs, at: offset) }
            result = a.remainderReportingOverflow(dividingBy: b)
        }
        guard !result.overflow else {
            throw EvaluationError(
                .overflow,
                "cannot apply '\(op.rawValue)' to \(lhs) and \(rhs): the result is out of the int range; "
                    + "convert one side with toNumber()",
                at: offset)
        }
        return .int(result.partialValue)
    }

    private func numberArithmetic(
        _ op: BinaryOperator, _ a: Double, _ b: Double, _ lhs: ExpressionValue, _ rhs: ExpressionValue, at offset: Int
    ) throws(EvaluationError) -> ExpressionValue {
        let result: Double
        switch op {
        case .add: result = a + b
        case .subtract: result = a - b
        case .multiply: result = a * b
        case .divide:
            guard b != 0 else { throw divisionByZero(op, lhs, rhs, at: offset) }
            result = a / b
        default:
            guard b != 0 else { throw divisionByZero(op, lhs, rhs, at: offset) }
            result = a.truncatingRemainder(dividingBy: b)
        }
        guard result.isFinite else {
            throw EvaluationError(
                .overflow, "cannot apply '\(op.rawValue)' to \(lhs) and \(rhs): the result is too large", at: offset)
        }
        return .number(result)
    }

    private func divisionByZero(
        _ op: BinaryOperator, _ lhs: ExpressionValue, _ rhs: ExpressionValue, at offset: Int
    ) -> EvaluationError {
        EvaluationError(
            .divisionByZero, "cannot apply '\(op.rawValue)' to \(lhs) and \(rhs): division by zero", at: offset)
    }

    // MARK: - Comparison

    private func compare(
        _ op: BinaryOperator, _ lhs: ExpressionValue, _ rhs: ExpressionValue, at offset: Int
    ) throws(EvaluationError) -> Bool {
        // `null` equals only `null`, and is neither less nor greater than anything.
        if lhs == .null || rhs == .null {
            switch op {
            case .equal: return lhs == rhs
            case .notEqual: return lhs != rhs
            default: return false
            }
        }
        let order: Int
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            order = a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .number), (.number, .int), (.number, .number):
            let a = lhs.double!, b = rhs.double!
            order = a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)):
            order = a < b ? -1 : (a == b ? 0 : 1)
        case (.bool, .bool), (.array, .array), (.object, .object):
            guard op == .equal || op == .notEqual else {
                throw EvaluationError(
                    .type, "cannot apply '\(op.rawValue)' to \(lhs) and \(rhs); \(lhs.typeName)s compare only with == and !=",
                    at: offset)
            }
            return (lhs == rhs) == (op == .equal)
        default:
            throw EvaluationError(
                .type,
                "cannot apply '\(op.rawValue)' to \(lhs) and \(rhs); convert one side with toString(), toInt() or toNumber()",
                at: offset)
        }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }
}

extension ExpressionValue {
    /// The value as a double, for `int` and `number`.
    var double: Double? {
        switch self {
        case .int(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
}
