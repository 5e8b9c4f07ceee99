import WorkflowModel

/// Turns declared parameters, their defaults and `--param` values into typed expression values.
enum RunParameters {
    static func resolve(_ workflow: Workflow, given: [String: String]) throws(RunError) -> [String: ExpressionValue] {
        for name in given.keys.sorted() where workflow.parameter(named: name) == nil {
            let declared = workflow.parameters.map(\.name)
            let advice = NameSuggestion.advice(
                for: name, in: declared,
                otherwise: declared.isEmpty ? "it declares none" : "it declares \(declared.joined(separator: ", "))")
            throw .parameter("--param \(name)=…: workflow '\(workflow.name)' has no parameter '\(name)'" + advice)
        }
        var values: [String: ExpressionValue] = [:]
        for parameter in workflow.parameters {
            guard let text = given[parameter.name] ?? parameter.defaultValue else {
                throw .parameter("parameter '\(parameter.name)' has no default; give it with --param \(parameter.name)=VALUE")
            }
            values[parameter.name] = try value(text, of: parameter)
        }
        return values
    }

    private static func value(_ text: String, of parameter: WorkflowParameter) throws(RunError) -> ExpressionValue {
        func wrong(_ example: String) -> RunError {
            .parameter("parameter '\(parameter.name)' is \(parameter.type.rawValue), but '\(text)' is not; \(example)")
        }
        switch parameter.type {
        case .string:
            return .string(text)
        case .integer:
            guard let number = Int64(text) else { throw wrong("write a whole number like 100") }
            return .int(number)
        case .number:
            guard let number = Double(text) else { throw wrong("write a number like 2.5") }
            return .number(number)
        case .boolean:
            guard text == "true" || text == "false" else { throw wrong("write true or false") }
            return .bool(text == "true")
        case .date:
            let parts = text.split(separator: "-")
            guard text.count == 10, parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else {
                throw wrong("write a date like 2026-11-27")
            }
            return .string(text)
        }
    }
}
