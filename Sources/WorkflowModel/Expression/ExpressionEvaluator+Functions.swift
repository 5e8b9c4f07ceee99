/// Function calls. `coalesce`, `param` and `now` need the scope; every other function is a
/// `FunctionCall` on evaluated arguments.
extension ExpressionEvaluator {
    func call(
        _ function: BuiltinFunction, _ arguments: [ExpressionNode], in scope: Scope, at offset: Int
    ) throws(EvaluationError) -> ExpressionValue {
        switch function {
        case .coalesce:
            // Lazy: later arguments are not evaluated once a value is found.
            for argument in arguments {
                let value = try evaluate(argument, in: scope)
                if value != .null { return value }
            }
            return .null
        case .param:
            guard case .literal(.string(let name)) = arguments.first?.kind else { return .null }
            guard let value = scope.context.parameters[name] else {
                throw EvaluationError(
                    .missingParameter,
                    "param('\(name)') has no value; give the parameter a default or pass --param \(name)=VALUE",
                    at: offset)
            }
            return value
        case .now:
            return scope.context.nowValue
        default:
            var values: [ExpressionValue] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try evaluate(argument, in: scope)) }
            let call = FunctionCall(function: function, arguments: values, offset: offset)
            return try call.apply()
        }
    }
}
