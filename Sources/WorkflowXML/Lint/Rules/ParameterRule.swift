import WorkflowModel

/// WF060–WF062: every `param('x')` names a declared parameter, every declared parameter is used,
/// and every default matches its parameter's type.
struct ParameterRule: LintRule {
    func check(_ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var used: Set<String> = []
        let declared = context.workflow.parameters.map(\.name)
        for value in context.workflow.expressionAttributes {
            guard let expression = value.expression else { continue }
            for reference in expression.parameterReferences {
                used.insert(reference.name)
                guard context.workflow.parameter(named: reference.name) == nil else { continue }
                let hint = NameSuggestion.hint(for: reference.name, in: declared)
                diagnostics.append(Diagnostic(
                    .undeclaredParameter,
                    "param('\(reference.name)') uses a parameter the workflow does not declare\(hint); add <parameter name=\"\(reference.name)\" …/> after <description>",
                    at: context.location(in: value, offset: reference.offset)))
            }
        }
        for parameter in context.workflow.parameters {
            if !used.contains(parameter.name) {
                diagnostics.append(Diagnostic(
                    .unusedParameter,
                    "parameter '\(parameter.name)' is declared but no expression uses it; use param('\(parameter.name)') or remove it",
                    at: parameter.location))
            }
            if let value = parameter.defaultValue, !Self.matches(value, parameter.type) {
                diagnostics.append(Diagnostic(
                    .parameterDefaultType,
                    "default=\"\(value)\" is not a valid \(parameter.type.rawValue)\(Self.example(parameter.type))",
                    at: parameter.location))
            }
        }
        return diagnostics
    }

    /// Whether a command-line or default text is a value of the type.
    static func matches(_ text: String, _ type: WorkflowParameter.ValueType) -> Bool {
        switch type {
        case .string: true
        case .integer: Int64(text) != nil
        case .number: Double(text) != nil
        case .boolean: text == "true" || text == "false"
        case .date: ISOTimestamp.isCalendarDate(text)
        }
    }

    private static func example(_ type: WorkflowParameter.ValueType) -> String {
        switch type {
        case .string: ""
        case .integer: "; write a whole number like 100"
        case .number: "; write a number like 2.5"
        case .boolean: "; write true or false"
        case .date: "; write a date like 2026-11-27"
        }
    }
}

extension Workflow {
    /// Every attribute of the workflow that holds an expression, parsed or not.
    var expressionAttributes: [AttributeValue] {
        activities.flatMap { activity in
            activity.kind.expressionAttributes.compactMap { activity.attributes[$0] }
                + activity.settings.flatMap { setting in
                    (activity.kind.settingExpressionAttributes[setting.element] ?? []).compactMap { setting.attributes[$0] }
                }
        }
    }
}
