import WorkflowModel

/// Draws a workflow's activity graph as a standalone SVG, laid out by `GraphLayout`: no Graphviz
/// at run time. Made for the console's Content-Security-Policy: no `style` attribute or element,
/// no script; everything a page may restyle carries a class (`node kind-fetch state-failed`,
/// `edge edge-onError`), and presentation attributes give soft defaults so the file reads alone.
/// Every text and attribute value is escaped; ids derive from the workflow name's hash and the
/// activity's position, never from names.
public enum GraphSVG {
    /// The drawing of `workflow`, each activity coloured by `states[name]` (`succeeded`, `failed`,
    /// `running`, `skipped`, `pending`, `interrupted`; absent is `none`) and linked to
    /// `links[name]` when given (http, https or a relative address; other schemes are dropped).
    public static func render(_ workflow: Workflow, states: [String: String] = [:], links: [String: String] = [:]) -> String {
        let layout = GraphLayout.layout(workflow)
        let prefix = "wfg-" + hash(workflow.name)
        let title = "Activity graph of " + GraphMetrics.oneLine(workflow.label ?? workflow.name)
        var lines = [
            #"<svg xmlns="http://www.w3.org/2000/svg" class="wfrun-graph" viewBox="0 0 \#(number(layout.width)) \#(number(layout.height))" width="\#(number(layout.width))" height="\#(number(layout.height))" role="img" aria-label="\#(escaped(title))" font-family="system-ui, sans-serif">"#,
            "  <title>\(escaped(title))</title>",
            "  <defs>",
        ]
        for (name, colour) in [("arrow", Palette.edge), ("arrow-error", Palette.error)] {
            lines.append(#"    <marker id="\#(prefix)-\#(name)" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="\#(colour)"/></marker>"#)
        }
        lines.append("  </defs>")
        lines.append(#"  <g class="edges">"#)
        for (index, edge) in layout.edges.enumerated() {
            lines += self.edge(edge, id: "\(prefix)-e\(index)", prefix: prefix)
        }
        lines.append("  </g>")
        lines.append(#"  <g class="nodes">"#)
        for (index, node) in layout.nodes.enumerated() {
            let drawn = self.node(node, id: "\(prefix)-n\(index)", state: states[node.name])
            if let link = links[node.name], isSafe(link) {
                lines.append(#"    <a href="\#(escaped(link))">"#)
                lines += drawn.map { "  " + $0 }
                lines.append("    </a>")
            } else {
                lines += drawn
            }
        }
        lines.append("  </g>")
        lines.append("</svg>")
        return lines.joined(separator: "\n")
    }

    // MARK: Parts

    private static func edge(_ edge: GraphLayout.Edge, id: String, prefix: String) -> [String] {
        let kind = edge.kind.rawValue
        let isError = edge.kind == .onError
        let colour = isError ? Palette.error : Palette.edge
        let classes = "edge edge-\(kind)" + (edge.isBack ? " back" : "")
        var path = #"<path d="\#(pathData(edge))" fill="none" stroke="\#(colour)" stroke-width="1.4""#
        if isError { path += #" stroke-dasharray="5 4""# }
        path += #" marker-end="url(#\#(prefix)-\#(isError ? "arrow-error" : "arrow"))"/>"#
        let label = edge.labelPosition
        return [
            #"    <g class="\#(classes)" id="\#(id)">"#,
            "      " + path,
            #"      <text class="edge-label" x="\#(number(label.x))" y="\#(number(label.y + 3.5))" text-anchor="middle" font-size="\#(number(GraphMetrics.edgeLabelFontSize))" fill="\#(isError ? Palette.error : Palette.edgeText)" stroke="\#(Palette.halo)" stroke-width="3" stroke-linejoin="round" paint-order="stroke">\#(kind)</text>"#,
            "    </g>",
        ]
    }

    /// The path through the edge's points: straight where they are one above the other, a curve
    /// with vertical tangents between layers; a self loop is one cubic Bézier.
    private static func pathData(_ edge: GraphLayout.Edge) -> String {
        let points = edge.points
        var data = "M\(number(points[0].x)),\(number(points[0].y))"
        if edge.isSelfLoop {
            return data + " C" + points[1...3].map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
        }
        for (from, to) in zip(points, points.dropFirst()) {
            if abs(from.x - to.x) < 0.05 {
                data += " L\(number(to.x)),\(number(to.y))"
            } else {
                let middle = number((from.y + to.y) / 2)
                data += " C\(number(from.x)),\(middle) \(number(to.x)),\(middle) \(number(to.x)),\(number(to.y))"
            }
        }
        return data
    }

    private static func node(_ node: GraphLayout.Node, id: String, state: String?) -> [String] {
        let state = className(state ?? "") ?? "none"
        let colours = Palette.node(state: state, shape: node.shape)
        let paint = #"fill="\#(colours.fill)" stroke="\#(colours.stroke)" stroke-width="1.5""#
        let center = node.center
        var lines = [
            #"    <g class="node kind-\#(className(node.kind) ?? "other") state-\#(state)" id="\#(id)">"#,
            "      <title>\(escaped(node.label == node.name ? "\(node.label) (\(node.kind))" : "\(node.label) (\(node.kind): \(node.name))"))</title>",
        ]
        let (x, y, width, height) = (number(node.x), number(node.y), number(node.width), number(node.height))
        switch node.shape {
        case .box:
            lines.append(#"      <rect class="shape" x="\#(x)" y="\#(y)" width="\#(width)" height="\#(height)" rx="8" \#(paint)/>"#)
        case .pill:
            lines.append(#"      <rect class="shape" x="\#(x)" y="\#(y)" width="\#(width)" height="\#(height)" rx="\#(number(node.height / 2))" \#(paint)/>"#)
        case .ellipse:
            let (cx, cy) = (number(center.x), number(center.y))
            lines.append(#"      <ellipse class="shape" cx="\#(cx)" cy="\#(cy)" rx="\#(number(node.width / 2))" ry="\#(number(node.height / 2))" \#(paint)/>"#)
            lines.append(#"      <ellipse class="shape-inner" cx="\#(cx)" cy="\#(cy)" rx="\#(number(node.width / 2 - 4))" ry="\#(number(node.height / 2 - 4))" fill="none" stroke="\#(colours.stroke)" stroke-width="1"/>"#)
        case .diamond:
            let points = [(center.x, node.y), (node.x + node.width, center.y), (center.x, node.y + node.height), (node.x, center.y)]
                .map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
            lines.append(#"      <polygon class="shape" points="\#(points)" stroke-linejoin="round" \#(paint)/>"#)
        }
        let labelY = node.showsKind ? center.y - 1 : center.y + 4.5
        lines.append(#"      <text class="label" x="\#(number(center.x))" y="\#(number(labelY))" text-anchor="middle" font-size="\#(number(GraphMetrics.labelFontSize))" font-weight="600" fill="\#(Palette.text)">\#(escaped(node.caption))</text>"#)
        if node.showsKind {
            lines.append(#"      <text class="kind" x="\#(number(center.x))" y="\#(number(center.y + 13))" text-anchor="middle" font-size="\#(number(GraphMetrics.kindFontSize))" fill="\#(Palette.mutedText)">\#(escaped(node.kind))</text>"#)
        }
        lines.append("    </g>")
        return lines
    }

    // MARK: Text

    /// `text` safe in XML character data and in a quoted attribute value: the five markup
    /// characters as entities, other controls (which XML 1.0 cannot carry) as U+FFFD, tabs and
    /// new lines as spaces.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    result.unicodeScalars.append("\u{FFFD}")
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// `text` as a class name part: ASCII letters, digits and `-`/`_`, or nil when that leaves nothing.
    private static func className(_ text: String) -> String? {
        let kept = String(text.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
        return kept.isEmpty ? nil : kept
    }

    /// Whether a link may be followed: no scheme (a relative address) or http/https.
    private static func isSafe(_ link: String) -> Bool {
        let head = link.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let colon = head.firstIndex(of: ":") else { return true }
        let scheme = head[..<colon].lowercased()
        return scheme == "http" || scheme == "https"
    }

    /// A coordinate with at most one decimal, without a trailing ".0".
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let whole = abs(tenths) / 10, fraction = abs(tenths) % 10
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// FNV-1a of `text`, 8 hex digits: a stable id prefix that no name can break.
    private static func hash(_ text: String) -> String {
        var value: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            value ^= UInt32(byte)
            value = value &* 16_777_619
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

/// The default colours: soft fills, a darker stroke of the same hue, by run state.
private enum Palette {
    static let edge = "#8a94a6"
    static let edgeText = "#5f6b7a"
    static let error = "#c5221f"
    static let text = "#1f2430"
    static let mutedText = "#5f6b7a"
    static let halo = "#ffffff"

    static func node(state: String, shape: GraphLayout.Shape) -> (fill: String, stroke: String) {
        switch state {
        case "succeeded": ("#e6f4ea", "#34a853")
        case "failed": ("#fce8e6", "#d93025")
        case "running": ("#e8f0fe", "#1a73e8")
        case "pending": ("#fef7e0", "#e0a800")
        case "skipped": ("#f1f3f4", "#b0b6bd")
        case "interrupted": ("#fff1e3", "#e8710a")
        default:
            switch shape {
            case .pill: ("#eef3fb", "#7b93c4")
            case .ellipse: ("#f3f4f6", "#8a94a6")
            default: ("#ffffff", "#8a94a6")
            }
        }
    }
}
