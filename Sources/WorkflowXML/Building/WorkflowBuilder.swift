import Foundation
import WorkflowModel

/// Turns a grammar-valid `<workflow>` tree into model values, parsing every expression attribute
/// on the way (so expression errors point at their file, line and column).
struct WorkflowBuilder {
    let document: XMLDocument
    private(set) var diagnostics: [Diagnostic] = []

    init(document: XMLDocument) {
        self.document = document
    }

    /// The workflow, from its root element.
    mutating func build(_ root: XMLElement) -> Workflow {
        var parameters: [WorkflowParameter] = []
        var activities: [Activity] = []
        var summary: String?
        for child in root.children {
            switch child.name {
            case "description":
                summary = child.text.trimmingCharacters(in: .whitespacesAndNewlines)
            case "parameter":
                parameters.append(WorkflowParameter(
                    name: child[attribute: "name"] ?? "",
                    type: child[attribute: "type"].flatMap(WorkflowParameter.ValueType.init(rawValue:)) ?? .string,
                    defaultValue: child[attribute: "default"],
                    label: child[attribute: "label"],
                    location: document.location(of: child)))
            default:
                if let kind = ActivityKind.named(child.name) {
                    activities.append(activity(kind, from: child))
                }
            }
        }
        return Workflow(
            name: root[attribute: "name"] ?? "",
            label: root[attribute: "label"],
            summary: summary,
            maxConsecutiveErrors: root[attribute: "maxConsecutiveErrors"].flatMap { Int($0) },
            parameters: parameters,
            activities: activities,
            location: document.location(of: root))
    }

    private static let commonAttributes: Set<String> = ["name", "label", "errorPolicy"]

    private mutating func activity(_ kind: ActivityKind, from element: XMLElement) -> Activity {
        var attributes: [String: AttributeValue] = [:]
        for (name, _) in element.attributes where !Self.commonAttributes.contains(name) {
            attributes[name] = attribute(name, of: element, isExpression: kind.expressionAttributes.contains(name))
        }
        var settings: [ActivitySetting] = []
        var transitions: [Transition] = []
        var retry: RetryPolicy?
        for child in element.children {
            if let transitionKind = Transition.Kind(rawValue: child.name) {
                transitions.append(Transition(
                    kind: transitionKind, target: child[attribute: "to"] ?? "",
                    location: document.location(ofAttribute: "to", in: child)))
            } else if child.name == "retry" {
                retry = retryPolicy(child)
            } else {
                let expressionNames = kind.settingExpressionAttributes[child.name] ?? []
                var values: [String: AttributeValue] = [:]
                for (name, _) in child.attributes {
                    values[name] = attribute(name, of: child, isExpression: expressionNames.contains(name))
                }
                settings.append(ActivitySetting(element: child.name, attributes: values, location: document.location(of: child)))
            }
        }
        let outcome = element[attribute: "errorPolicy"].flatMap(ErrorPolicy.Outcome.init(rawValue:)) ?? .stop
        return Activity(
            kind: kind, name: element[attribute: "name"] ?? "", label: element[attribute: "label"],
            attributes: attributes, settings: settings,
            errorPolicy: ErrorPolicy(outcome: outcome, retry: retry),
            transitions: transitions, location: document.location(of: element))
    }

    private mutating func attribute(_ name: String, of element: XMLElement, isExpression: Bool) -> AttributeValue {
        let text = element[attribute: name] ?? ""
        var value = AttributeValue(
            text: text,
            location: document.location(ofAttribute: name, in: element),
            valueLocation: document.valueLocation(ofAttribute: name, in: element))
        guard isExpression else { return value }
        do {
            value.expression = try Expression(parsing: text)
        } catch {
            let code: DiagnosticCode = switch error.kind {
            case .syntax: .expressionSyntax
            case .unknownFunction: .unknownFunction
            case .arity, .invalidArgument: .functionArguments
            }
            let location = document.source.location(value.valueLocation, advancedBy: error.offset)
            diagnostics.append(Diagnostic(code, "in \(name)=\"…\": \(error.message)", at: location))
        }
        return value
    }

    private mutating func retryPolicy(_ element: XMLElement) -> RetryPolicy? {
        guard let count = element[attribute: "count"].flatMap({ Int($0) }),
            let backoff = duration("backoff", of: element)
        else { return nil }
        let cap = element[attribute: "cap"] == nil ? nil : duration("cap", of: element)
        return RetryPolicy(count: count, backoff: backoff, cap: cap)
    }

    private mutating func duration(_ name: String, of element: XMLElement) -> WorkflowDuration? {
        do {
            return try WorkflowDuration(parsing: element[attribute: name] ?? "")
        } catch {
            diagnostics.append(Diagnostic(.grammar, "\(name)=\"…\": \(error)", at: document.valueLocation(ofAttribute: name, in: element)))
            return nil
        }
    }
}
