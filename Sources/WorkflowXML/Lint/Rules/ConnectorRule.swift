import WorkflowModel

/// WF030–WF034: `fetch` and `publish` name an installed connector, one of its resources in the
/// right direction, and only parameters (and message fields) that the resource declares.
struct ConnectorRule: LintRule {
    /// Attributes of the activity itself, not parameters of the resource.
    private static let activityAttributes: [ActivityKind: Set<String>] = [
        .fetch: ["connector", "resource", "services"],
        .publish: ["connector", "action", "service", "text", "link", "recipient", "perDay", "trackLinks"],
    ]

    /// The attribute naming the resource: what `fetch` reads, what `publish` does.
    private static let resourceAttribute: [ActivityKind: String] = [.fetch: "resource", .publish: "action"]

    func check(_ context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for activity in context.workflow.activities {
            guard let own = Self.activityAttributes[activity.kind],
                let resourceAttribute = Self.resourceAttribute[activity.kind],
                let connectorValue = activity.attributes["connector"],
                let resourceValue = activity.attributes[resourceAttribute]
            else { continue }
            guard let connector = context.connectors[connectorValue.text] else {
                diagnostics.append(Diagnostic(
                    .unknownConnector,
                    "there is no connector '\(connectorValue.text)'" + NameSuggestion.advice(for: connectorValue.text, in: context.connectors.names, otherwise: "installed connectors: \(context.connectors.names.joined(separator: ", "))"),
                    at: connectorValue.valueLocation))
                continue
            }
            let direction: ResourceDescriptor.Direction = activity.kind == .fetch ? .fetch : .publish
            let offered = connector.resources.filter { $0.direction == direction }.map(\.name)
            if let why = connector.refused[resourceValue.text] {
                diagnostics.append(Diagnostic(
                    .unknownResource, "\(connector.label) cannot \(resourceAttribute == "action" ? "send" : "read") '\(resourceValue.text)': \(why)",
                    at: resourceValue.valueLocation))
                continue
            }
            guard let resource = connector.resource(named: resourceValue.text), resource.direction == direction else {
                diagnostics.append(Diagnostic(
                    .unknownResource,
                    "connector '\(connector.name)' has no resource '\(resourceValue.text)' to \(direction.rawValue)" + NameSuggestion.advice(for: resourceValue.text, in: offered, otherwise: "it offers \(offered.joined(separator: ", "))"),
                    at: resourceValue.valueLocation))
                continue
            }
            diagnostics += parameterProblems(of: activity, own: own, resource: resource, connector: connector)
        }
        return diagnostics
    }

    private func parameterProblems(of activity: Activity, own: Set<String>, resource: ResourceDescriptor, connector: ConnectorDescriptor) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let declared = resource.parameters.map(\.name)
        for (name, value) in activity.attributes.sorted(by: { $0.value.location < $1.value.location }) where !own.contains(name) {
            guard let parameter = resource.parameters.first(where: { $0.name == name }) else {
                let accepted = declared.isEmpty ? "it takes no parameters" : "it takes \(declared.joined(separator: ", "))"
                diagnostics.append(Diagnostic(
                    .unknownResourceParameter,
                    "\(connector.name) \(resource.name) has no parameter '\(name)'" + NameSuggestion.advice(for: name, in: declared, otherwise: accepted),
                    at: value.location))
                continue
            }
            if let (problem, word) = problem(with: value.text, for: parameter) {
                diagnostics.append(Diagnostic(
                    .invalidResourceParameter, "\(name)=\"\(value.text)\": \(problem)",
                    at: value.valueLocation.advanced(in: word, of: value.text)))
            }
        }
        for parameter in resource.parameters where parameter.required && activity.attributes[parameter.name] == nil {
            diagnostics.append(Diagnostic(
                .missingResourceParameter,
                "\(connector.name) \(resource.name) needs the parameter \(parameter.name) (\(parameter.summary)); add \(parameter.name)=\"…\"",
                at: activity.location))
        }
        return diagnostics
    }

    /// What is wrong with a parameter's value, and the word of the value to point at.
    private func problem(with text: String, for parameter: ResourceParameter) -> (String, String)? {
        switch parameter.kind {
        case .integer:
            guard let number = Int(text) else { return ("expected a whole number", text) }
            guard let range = parameter.range, !range.contains(number) else { return nil }
            let bounds = range.upperBound == Int.max
                ? "of at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            return ("expected a whole number \(bounds)", text)
        case .boolean:
            return ["true", "false"].contains(text) ? nil : ("expected true or false", text)
        case .date:
            return ISOTimestamp.isCalendarDate(text) ? nil : ("expected a date as YYYY-MM-DD", text)
        case .string, .list:
            let values = parameter.kind == .list ? words(text) : [text]
            for value in values {
                if let instead = parameter.removedValues[value] {
                    return ("'\(value)' was removed from the API; \(instead)", value)
                }
                if let allowed = parameter.allowedValues, !allowed.contains(value) {
                    return ("'\(value)' is not accepted" + NameSuggestion.advice(for: value, in: allowed, otherwise: "use \(allowed.joined(separator: ", "))"), value)
                }
            }
            return nil
        }
    }
}
