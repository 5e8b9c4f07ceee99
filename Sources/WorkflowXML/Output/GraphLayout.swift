import WorkflowModel

/// A workflow's activity graph laid out top to bottom, in points, without Graphviz: the model
/// `GraphSVG` draws and the console shows.
///
/// The method is the layered one dot uses, kept simple: loops (a test looping back, an `onError`
/// to an earlier activity) are found by a depth-first walk from the entry points and reversed for
/// layering; each activity's layer is its longest path from the sources (an unreachable one sits
/// just above its nearest successor); an edge that spans several layers goes through one virtual
/// point per layer between; a few barycenter sweeps with adjacent swaps reduce crossings;
/// horizontal positions pull each node towards its neighbours with the least squared
/// displacement that keeps the layer's order and spacing. Same workflow, same layout: nothing
/// depends on hash order or timing.
public struct GraphLayout: Sendable {
    /// A position in points; y grows downwards, as in SVG.
    public struct Point: Sendable, Hashable {
        /// Horizontal.
        public var x: Double
        /// Vertical, downwards.
        public var y: Double

        /// Creates a point.
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// The outline of a node, after dot's shapes: entry points as pills, ends as ellipses, tests
    /// as diamonds, everything else as rounded boxes.
    public enum Shape: String, Sendable {
        /// A rounded rectangle: most activities.
        case box
        /// A rectangle with round ends: `start` and `scheduler`.
        case pill
        /// Two nested ellipses (dot's doublecircle): `end`.
        case ellipse
        /// A rhombus: `test`.
        case diamond

        /// The shape for an activity kind.
        public init(_ kind: ActivityKind) {
            switch kind.name {
            case "start", "scheduler": self = .pill
            case "end": self = .ellipse
            case "test": self = .diamond
            default: self = .box
            }
        }
    }

    /// One activity, placed.
    public struct Node: Sendable {
        /// The activity's name.
        public var name: String
        /// What people read: the label, or the name when there is none, on one line.
        public var label: String
        /// The label as drawn: shortened with "…" when longer than the widest node.
        public var caption: String
        /// The kind's element name (`fetch`, `test`, …).
        public var kind: String
        /// Whether the kind is drawn under the caption (not when it would repeat it, as `end`).
        public var showsKind: Bool
        /// The outline.
        public var shape: Shape
        /// The layer, 0 at the top.
        public var layer: Int
        /// The left of the bounding box.
        public var x: Double
        /// The top of the bounding box.
        public var y: Double
        /// Width of the bounding box.
        public var width: Double
        /// Height of the bounding box.
        public var height: Double

        /// The middle of the bounding box.
        public var center: Point { Point(x: x + width / 2, y: y + height / 2) }
    }

    /// One transition, routed.
    public struct Edge: Sendable {
        /// The source activity's name.
        public var from: String
        /// The target activity's name.
        public var to: String
        /// The source's index in `nodes`.
        public var source: Int
        /// The target's index in `nodes`.
        public var target: Int
        /// The transition's kind.
        public var kind: Transition.Kind
        /// Whether it closes a loop (reversed for layering; it points upwards).
        public var isBack: Bool
        /// From the source's outline to the target's: the ends and, between, two points per
        /// layer crossed (the edge runs straight down through a layer and curves between
        /// layers). A self loop has four: its ends and two Bézier control points.
        public var points: [Point]
        /// The middle of the kind's label.
        public var labelPosition: Point

        /// Whether the transition leads back to its own activity.
        public var isSelfLoop: Bool { source == target }
    }

    /// The activities, in document order.
    public var nodes: [Node]
    /// The transitions whose target exists, in document order.
    public var edges: [Edge]
    /// The width of the drawing, margins included.
    public var width: Double
    /// The height of the drawing, margins included.
    public var height: Double
    /// How many layers.
    public var layerCount: Int
    /// How many pairs of edge segments cross between adjacent layers, after ordering.
    public var crossings: Int

    /// The layout of `workflow`'s activities and transitions. Transitions to a missing activity
    /// are left out (validation reports them).
    public static func layout(_ workflow: Workflow) -> GraphLayout {
        var nodes = workflow.activities.map(node)
        let links = Link.all(in: workflow)
        let entryPoints = workflow.activities.indices.filter { workflow.activities[$0].kind.isEntryPoint }
        let isBack = Link.backLinks(links, count: nodes.count, entryPoints: entryPoints)
        var layered = LayeredGraph(count: nodes.count, links: links, isBack: isBack, entryPoints: entryPoints)
        for index in nodes.indices { nodes[index].layer = layered.layer[index] }
        let crossings = layered.reduceCrossings()
        var placement = Placement(nodes: nodes, layered: layered, links: links, isBack: isBack)
        return placement.layout(crossings: crossings)
    }

    private static func node(_ activity: Activity) -> Node {
        let label = GraphMetrics.oneLine(activity.label ?? activity.name)
        let shape = Shape(activity.kind)
        let showsKind = label != activity.kind.name
        let kindWidth = showsKind ? GraphMetrics.textWidth(activity.kind.name, fontSize: GraphMetrics.kindFontSize) : 0
        let room = GraphMetrics.textRoom(shape)
        let caption = GraphMetrics.shortened(label, toFit: room.upperBound)
        let textWidth = max(GraphMetrics.captionWidth(caption), kindWidth)
        let (width, height) = GraphMetrics.size(shape, textWidth: min(textWidth, room.upperBound))
        return Node(
            name: activity.name, label: label, caption: caption, kind: activity.kind.name, showsKind: showsKind,
            shape: shape, layer: 0, x: 0, y: 0, width: width, height: height)
    }
}

/// A transition between two existing activities, by index.
struct Link {
    var source: Int
    var target: Int
    var kind: Transition.Kind

    /// Every transition of `workflow` whose target exists; a repeated name means its first activity.
    static func all(in workflow: Workflow) -> [Link] {
        var index: [String: Int] = [:]
        for (position, activity) in workflow.activities.enumerated() where index[activity.name] == nil {
            index[activity.name] = position
        }
        var links: [Link] = []
        for (position, activity) in workflow.activities.enumerated() {
            for transition in activity.transitions {
                guard let target = index[transition.target] else { continue }
                links.append(Link(source: position, target: target, kind: transition.kind))
            }
        }
        return links
    }

    /// Which links close a cycle: those reaching an activity still on the stack of a depth-first
    /// walk from the entry points, then from the activities nothing leads to, then from the rest,
    /// each in document order. Self loops are not back links (they never enter the layering).
    static func backLinks(_ links: [Link], count: Int, entryPoints: [Int]) -> [Bool] {
        var outgoing = Array(repeating: [Int](), count: count)
        var incoming = Array(repeating: 0, count: count)
        for (position, link) in links.enumerated() {
            outgoing[link.source].append(position)
            if link.source != link.target { incoming[link.target] += 1 }
        }
        enum Mark { case new, onStack, done }
        var mark = Array(repeating: Mark.new, count: count)
        var isBack = Array(repeating: false, count: links.count)
        let roots = entryPoints + (0..<count).filter { incoming[$0] == 0 } + Array(0..<count)
        for root in roots where mark[root] == .new {
            var stack = [(node: root, next: 0)]
            mark[root] = .onStack
            while let top = stack.last {
                guard top.next < outgoing[top.node].count else {
                    mark[top.node] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let position = outgoing[top.node][top.next]
                let target = links[position].target
                guard target != top.node else { continue }
                switch mark[target] {
                case .onStack: isBack[position] = true
                case .new:
                    mark[target] = .onStack
                    stack.append((target, 0))
                case .done: break
                }
            }
        }
        return isBack
    }
}
