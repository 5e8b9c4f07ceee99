import WorkflowModel

/// WF035–WF036: a `publish` text written as a literal fits the network's limit (X counts it
/// weighted: URLs 23, CJK and emoji 2), and only a `dm` takes `recipient` and `perDay`. A text
/// that is an expression is checked per record when the workflow runs.
struct PublishRule: LintRule {
    /// Attributes that only direct messages take.
    private static let dmOnly = ["recipient", "perDay"]

    func check(_ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for activity in context.workflow.activities where activity.kind == .publish {
            guard let connector = activity.attributes["connector"].flatMap({ context.connectors[$0.text] }),
                let action = activity.attributes["action"],
                let resource = connector.resource(named: action.text)
            else { continue }
            if action.text != "dm" {
                for name in Self.dmOnly {
                    guard let value = activity.attributes[name] else { continue }
                    diagnostics.append(Diagnostic(
                        .publishAttributeNotForAction, "\(name) applies to action=\"dm\" only; a \(action.text) has no recipients",
                        at: value.location))
                }
            }
            guard let limit = resource.textLimit, let text = activity.attributes["text"], let literal = Self.literalText(text) else { continue }
            let link = activity.attributes["link"].flatMap(Self.literalText)
            let whole = [literal, link].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            if let problem = limit.problem(with: whole) {
                diagnostics.append(Diagnostic(.textTooLong, "\(connector.label) \(action.text): \(problem)", at: text.valueLocation))
            }
        }
        return diagnostics
    }

    /// The text of an expression that is one string literal, such as `'Our news: …'`.
    private static func literalText(_ value: AttributeValue) -> String? {
        guard let root = value.expression?.root, case .literal(.string(let text)) = root.kind else { return nil }
        return text
    }
}
