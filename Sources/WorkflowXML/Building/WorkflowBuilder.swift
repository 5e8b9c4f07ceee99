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
            maxConsecutiveErrors: count("maxConsecutiveErrors", of: root, document.places(of: root), WorkflowLimits.maxConsecutiveErrors),
            parameters: parameters,
            activities: activities,
            location: document.location(of: root))
    }

    private static let commonAttributes: Set<String> = ["name", "label", "errorPolicy"]

    private mutating func activity(_ kind: ActivityKind, from element: XMLElement) -> Activity {
        let written = element.attributes
        let places = document.places(of: element)
        var attributes: [String: AttributeValue] = [:]
        var name = ""
        var label: String?
        var outcome = ErrorPolicy.Outcome.stop
        for (attributeName, text) in written {
            switch attributeName {
            case "name": name = text
            case "label": label = text
            case "errorPolicy": outcome = ErrorPolicy.Outcome(rawValue: text) ?? .stop
            default:
                attributes[attributeName] = attribute(
                    attributeName, text, places, isExpression: kind.expressionAttributes.contains(attributeName))
            }
        }
        var settings: [ActivitySetting] = []
        var transitions: [Transition] = []
        var retry: RetryPolicy?
        for child in element.children {
            let childName = child.name
            let childPlaces = document.places(of: child)
            if let transitionKind = Transition.Kind(rawValue: childName) {
                transitions.append(Transition(
                    kind: transitionKind, target: child[attribute: "to"] ?? "", location: childPlaces.attribute("to")))
            } else if childName == "retry" {
                retry = retryPolicy(child, childPlaces)
            } else {
                let expressionNames = kind.settingExpressionAttributes[childName] ?? []
                var values: [String: AttributeValue] = [:]
                for (attributeName, text) in child.attributes {
                    values[attributeName] = attribute(attributeName, text, childPlaces, isExpression: expressionNames.contains(attributeName))
                }
                settings.append(ActivitySetting(element: childName, attributes: values, location: childPlaces.element))
            }
        }
        return Activity(
            kind: kind, name: name, label: label, attributes: attributes, settings: settings,
            errorPolicy: ErrorPolicy(outcome: outcome, retry: retry),
            transitions: transitions, location: places.element)
    }

    private mutating func attribute(_ name: String, _ text: String, _ places: ElementPlaces, isExpression: Bool) -> AttributeValue {
        var value = AttributeValue(text: text, location: places.attribute(name), valueLocation: places.value(name))
        guard isExpression else { return value }
        switch ExpressionCache.parse(text) {
        case .success(let expression):
            value.expression = expression
        case .failure(let error):
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

    private mutating func retryPolicy(_ element: XMLElement, _ places: ElementPlaces) -> RetryPolicy? {
        // Each is read (and reported) before any is found missing.
        let count = count("count", of: element, places, WorkflowLimits.retryCount)
        let backoff = duration("backoff", of: element, places)
        let cap = element[attribute: "cap"] == nil ? nil : duration("cap", of: element, places)
        guard let count, let backoff else { return nil }
        return RetryPolicy(count: count, backoff: backoff, cap: cap)
    }

    /// A duration the grammar let through (digits and a unit); it can still be too long (WF070).
    private mutating func duration(_ name: String, of element: XMLElement, _ places: ElementPlaces) -> WorkflowDuration? {
        do {
            return try WorkflowDuration(parsing: element[attribute: name] ?? "")
        } catch {
            diagnostics.append(Diagnostic(.valueOutOfRange, "\(name)=\"…\": \(error)", at: places.value(name)))
            return nil
        }
    }

    /// A positive integer the grammar let through, within `range` (else WF070); nil when absent.
    private mutating func count(
        _ name: String, of element: XMLElement, _ places: ElementPlaces, _ range: ClosedRange<Int>
    ) -> Int? {
        guard let text = element[attribute: name] else { return nil }
        // The grammar's positiveInteger allows surrounding spaces, a '+' and leading zeros.
        guard let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), range.contains(value) else {
            diagnostics.append(Diagnostic(
                .valueOutOfRange, "\(name)=\"\(text)\" is out of range; write a whole number \(WorkflowLimits.describe(range))",
                at: places.value(name)))
            return nil
        }
        return value
    }
}
