import Foundation
import WorkflowModel

/// Draws a workflow's activity graph as Graphviz DOT, a Mermaid flowchart or SVG (laid out by
/// wfrun, see `GraphSVG`): one node per activity (shaped by kind), one edge per transition
/// labelled by its kind, error edges dashed.
public enum GraphRenderer {
    /// The drawing languages.
    public enum Format: String, CaseIterable, Sendable {
        case dot, mermaid, svg
    }

    /// The drawing of `workflow` in `format`.
    public static func render(_ workflow: Workflow, as format: Format) -> String {
        switch format {
        case .dot: dot(workflow)
        case .mermaid: mermaid(workflow)
        case .svg: GraphSVG.render(workflow)
        }
    }

    private static func dot(_ workflow: Workflow) -> String {
        var lines = ["digraph \(quoted(workflow.name)) {"]
        lines.append("  label=\(quoted(workflow.label ?? workflow.name)); labelloc=t; fontname=\"Helvetica\";")
        lines.append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];")
        lines.append("  edge [fontname=\"Helvetica\", fontsize=10];")
        for activity in workflow.activities {
            let caption = "\(activity.label ?? activity.name)\n\(activity.kind.name)"
            lines.append("  \(quoted(activity.name)) [label=\(quoted(caption)), shape=\(dotShape(activity.kind))];")
        }
        for activity in workflow.activities {
            for transition in activity.transitions {
                var attributes = ["label=\(quoted(transition.kind.rawValue))"]
                if transition.kind == .onError { attributes += ["style=dashed", "color=\"#b22222\"", "fontcolor=\"#b22222\""] }
                lines.append("  \(quoted(activity.name)) -> \(quoted(transition.target)) [\(attributes.joined(separator: ", "))];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private static func dotShape(_ kind: ActivityKind) -> String {
        switch kind {
        case .start, .scheduler: "oval"
        case .end: "doublecircle"
        case .test: "diamond"
        case .fork, .join: "box3d"
        default: "box"
        }
    }

    private static func quoted(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }

    private static func mermaid(_ workflow: Workflow) -> String {
        var ids: [String: String] = [:]
        for (position, activity) in workflow.activities.enumerated() where ids[activity.name] == nil {
            ids[activity.name] = "a\(position)"
        }
        var lines = ["flowchart TD"]
        for (position, activity) in workflow.activities.enumerated() {
            let caption = mermaidText("\(activity.label ?? activity.name)<br/><i>\(activity.kind.name)</i>")
            let (open, close) = mermaidShape(activity.kind)
            lines.append("  a\(position)\(open)\"\(caption)\"\(close)")
        }
        for activity in workflow.activities {
            guard let from = ids[activity.name] else { continue }
            for transition in activity.transitions {
                let to = ids[transition.target] ?? "missing_\(transition.target.filter { $0.isLetter || $0.isNumber })"
                let arrow = transition.kind == .onError ? "-.->" : "-->"
                lines.append("  \(from) \(arrow)|\(transition.kind.rawValue)| \(to)")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func mermaidShape(_ kind: ActivityKind) -> (String, String) {
        switch kind {
        case .start, .scheduler: ("([", "])")
        case .end: ("((", "))")
        case .test: ("{", "}")
        default: ("[", "]")
        }
    }

    private static func mermaidText(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;")
    }
}
