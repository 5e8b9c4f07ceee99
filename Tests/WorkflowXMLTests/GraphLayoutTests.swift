import Foundation
import Testing
import WorkflowModel
import WorkflowXML

/// `GraphLayout`: layers, loops, crossings, overlaps, determinism, on small graphs built in the
/// test and on the shipped workflows.
@Suite struct GraphLayoutTests {
    /// A workflow from (kind, name, transitions) triples, without reading XML: loops that lint
    /// refuses can be drawn too (the console draws files with errors).
    static func workflow(_ activities: [(String, String, [(Transition.Kind, String)])], label: String? = nil) -> Workflow {
        let here = SourceLocation(file: "built.xml", line: 1, column: 1)
        return Workflow(name: "built", label: label, activities: activities.map { kind, name, transitions in
            Activity(
                kind: ActivityKind.named(kind) ?? ActivityKind(kind), name: name,
                transitions: transitions.map { Transition(kind: $0.0, target: $0.1, location: here) }, location: here)
        }, location: here)
    }

    /// The shipped workflows and examples, loaded as the CLI loads them.
    static let shipped: [String] = {
        let folder = Fixtures.repository.appendingPathComponent("Workflows")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let examples = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("examples").path)) ?? []
        return (files.filter { $0.hasSuffix(".xml") } + examples.filter { $0.hasSuffix(".xml") }.map { "examples/" + $0 }).sorted()
    }()

    static func loadShipped(_ name: String) throws -> Workflow {
        let path = Fixtures.repository.appendingPathComponent("Workflows").appendingPathComponent(name).path
        let outcome = Fixtures.loader.load(path: path)
        #expect(!outcome.diagnostics.hasErrors, "\(name): \(outcome.diagnostics)")
        return try #require(outcome.workflow, "\(name) did not load")
    }

    /// A wide and deep graph: 200 activities in 20 stages of 10, each fanning to two of the next
    /// stage, with an onError from every tenth to the first (a loop) and one self loop.
    static let large: Workflow = {
        var activities: [(String, String, [(Transition.Kind, String)])] = [("start", "s", [(.next, "a0_0")])]
        for stage in 0..<20 {
            for lane in 0..<10 {
                var transitions: [(Transition.Kind, String)] = []
                if stage < 19 {
                    transitions.append((.next, "a\(stage + 1)_\(lane)"))
                    transitions.append((.next, "a\(stage + 1)_\((lane * 7 + 3) % 10)"))
                } else {
                    transitions.append((.next, "end"))
                }
                if lane == 0 && stage % 10 == 9 { transitions.append((.onError, "a0_0")) }
                if stage == 5 && lane == 5 { transitions.append((.onError, "a5_5")) }
                activities.append(("map", "a\(stage)_\(lane)", transitions))
            }
        }
        activities.append(("end", "end", []))
        return workflow(activities)
    }()

    // MARK: Layers

    @Test("every forward edge goes to a lower layer and downwards; every back edge upwards", arguments: shipped)
    func forwardEdgesGoDown(_ name: String) throws {
        Self.expectEdgesRespectLayers(GraphLayout.layout(try Self.loadShipped(name)))
    }

    @Test("a 200-activity graph: forward edges down, back edges up")
    func forwardEdgesGoDownInALargeGraph() {
        let layout = GraphLayout.layout(Self.large)
        #expect(layout.nodes.count == 202)
        Self.expectEdgesRespectLayers(layout)
        #expect(layout.edges.filter(\.isBack).count == 2)
        #expect(layout.edges.filter(\.isSelfLoop).count == 1)
    }

    static func expectEdgesRespectLayers(_ layout: GraphLayout) {
        for edge in layout.edges where !edge.isSelfLoop {
            let from = layout.nodes[edge.source], to = layout.nodes[edge.target]
            let first = edge.points[0], last = edge.points[edge.points.count - 1]
            if edge.isBack {
                #expect(to.layer < from.layer, "\(edge.from) -> \(edge.to)")
                #expect(last.y < first.y, "\(edge.from) -> \(edge.to)")
            } else {
                #expect(to.layer > from.layer, "\(edge.from) -> \(edge.to)")
                #expect(last.y > first.y, "\(edge.from) -> \(edge.to)")
            }
        }
    }

    @Test("layers are the longest path from the start: a shortcut does not pull its target up")
    func longestPath() {
        let layout = GraphLayout.layout(Self.workflow([
            ("start", "s", [(.next, "a"), (.next, "c")]),
            ("map", "a", [(.next, "b")]),
            ("map", "b", [(.next, "c")]),
            ("end", "c", []),
        ]))
        #expect(layout.nodes.map(\.layer) == [0, 1, 2, 3])
        #expect(layout.layerCount == 4)
        // The shortcut s -> c crosses two layers: its ends plus two points per layer crossed.
        #expect(layout.edges[1].points.count == 6)
    }

    @Test("an unreachable activity sits just above its nearest successor, not at the top")
    func unreachableSource() {
        let layout = GraphLayout.layout(Self.workflow([
            ("start", "s", [(.next, "a")]),
            ("map", "a", [(.next, "b")]),
            ("map", "b", [(.next, "c")]),
            ("log", "orphan", [(.next, "c"), (.next, "b")]),
            ("end", "c", []),
        ]))
        #expect(layout.nodes.map(\.layer) == [0, 1, 2, 1, 3])
    }

    // MARK: Loops

    @Test("a test looping back and an onError to an earlier activity are back edges")
    func loopsAreBackEdges() {
        let layout = GraphLayout.layout(Self.workflow([
            ("start", "begin", [(.next, "fetch")]),
            ("fetch", "fetch", [(.next, "more"), (.onError, "pause")]),
            ("test", "more", [(.then, "fetch"), (.else, "done")]),
            ("wait", "pause", [(.next, "fetch")]),
            ("end", "done", []),
        ]))
        let kinds = layout.edges.map { "\($0.from)-\($0.kind.rawValue)->\($0.to)\($0.isBack ? " back" : "")" }
        #expect(kinds == [
            "begin-next->fetch", "fetch-next->more", "fetch-onError->pause", "more-then->fetch back",
            "more-else->done", "pause-next->fetch back",
        ])
        #expect(layout.nodes.map(\.layer) == [0, 1, 2, 2, 3])
    }

    @Test("a self loop leaves and re-enters its node on the right")
    func selfLoop() throws {
        let layout = GraphLayout.layout(Self.workflow([("signal", "listen", [(.next, "listen"), (.next, "done")]), ("end", "done", [])]))
        let loop = try #require(layout.edges.first { $0.isSelfLoop })
        let node = layout.nodes[0]
        #expect(loop.points.count == 4)
        #expect(loop.points.allSatisfy { $0.x >= node.x + node.width - 0.001 })
        #expect(loop.labelPosition.x > node.x + node.width)
        #expect(layout.width >= loop.labelPosition.x)
    }

    // MARK: Crossings

    @Test("crossings reach the known minimum on small graphs", arguments: [
        // Written in the order that crosses (c before d); the minimum is 0.
        ("uncrossable", [
            ("start", "s", [(Transition.Kind.next, "a"), (.next, "b")]), ("map", "a", [(.next, "d")]),
            ("map", "b", [(.next, "c")]), ("end", "c", []), ("end", "d", []),
        ], 0),
        // K(2,2) between two layers always crosses once.
        ("K22", [
            ("start", "s", [(.next, "u1"), (.next, "u2")]), ("map", "u1", [(.next, "v1"), (.next, "v2")]),
            ("map", "u2", [(.next, "v1"), (.next, "v2")]), ("end", "v1", []), ("end", "v2", []),
        ], 1),
        // Three lanes written in reverse at the second level: a permutation that barycenters undo.
        ("lanes", [
            ("start", "s", [(.next, "a1"), (.next, "a2"), (.next, "a3")]),
            ("map", "a1", [(.next, "b1")]), ("map", "a2", [(.next, "b2")]), ("map", "a3", [(.next, "b3")]),
            ("map", "b3", [(.next, "c3")]), ("map", "b2", [(.next, "c2")]), ("map", "b1", [(.next, "c1")]),
            ("end", "c1", []), ("end", "c2", []), ("end", "c3", []),
        ], 0),
    ] as [(String, [(String, String, [(Transition.Kind, String)])], Int)])
    func crossingsAreMinimal(_ name: String, _ activities: [(String, String, [(Transition.Kind, String)])], _ minimum: Int) {
        let layout = GraphLayout.layout(Self.workflow(activities))
        #expect(layout.crossings == minimum, "\(name)")
        #expect(Self.geometricCrossings(layout) == minimum, "\(name)")
    }

    /// Crossings counted from the drawing: pairs of edges between the same adjacent layers whose
    /// ends are in opposite orders.
    static func geometricCrossings(_ layout: GraphLayout) -> Int {
        let spans = layout.edges.filter { layout.nodes[$0.target].layer == layout.nodes[$0.source].layer + 1 }
        var total = 0
        for (index, first) in spans.enumerated() {
            for second in spans[(index + 1)...] where layout.nodes[first.source].layer == layout.nodes[second.source].layer {
                let top = layout.nodes[first.source].center.x - layout.nodes[second.source].center.x
                let bottom = layout.nodes[first.target].center.x - layout.nodes[second.target].center.x
                if top * bottom < 0 { total += 1 }
            }
        }
        return total
    }

    // MARK: Geometry

    @Test("no two nodes overlap, and every node and edge lies inside the drawing", arguments: shipped)
    func noOverlaps(_ name: String) throws {
        Self.expectNoOverlaps(GraphLayout.layout(try Self.loadShipped(name)))
    }

    @Test("no two nodes overlap in a 200-activity graph")
    func noOverlapsInALargeGraph() {
        Self.expectNoOverlaps(GraphLayout.layout(Self.large))
    }

    static func expectNoOverlaps(_ layout: GraphLayout) {
        for (index, first) in layout.nodes.enumerated() {
            #expect(first.x >= 0 && first.y >= 0 && first.x + first.width <= layout.width && first.y + first.height <= layout.height)
            for second in layout.nodes[(index + 1)...] {
                let apart = first.x + first.width <= second.x || second.x + second.width <= first.x
                    || first.y + first.height <= second.y || second.y + second.height <= first.y
                #expect(apart, "\(first.name) overlaps \(second.name)")
            }
        }
        for edge in layout.edges {
            for point in edge.points + [edge.labelPosition] {
                #expect(point.x >= 0 && point.x <= layout.width && point.y >= 0 && point.y <= layout.height, "\(edge.from) -> \(edge.to)")
            }
        }
    }

    @Test("node width follows the caption, bounded; a long caption is shortened with an ellipsis")
    func nodeWidths() {
        let long = String(repeating: "Synchronization ", count: 10)
        let layout = GraphLayout.layout(Self.workflow([("map", "a", []), ("map", "Followers of each account", []), ("map", long, [])]))
        let widths = layout.nodes.map(\.width)
        #expect(widths[0] < widths[1] && widths[1] < widths[2])
        #expect(widths[2] <= 230)
        #expect(layout.nodes[2].caption.hasSuffix("…"))
        #expect(layout.nodes[2].label == long.trimmingCharacters(in: .whitespaces))
        #expect(layout.nodes[1].caption == "Followers of each account")
    }

    @Test("the same workflow gives the same layout")
    func deterministic() throws {
        let first = GraphSVG.render(Self.large), second = GraphSVG.render(Self.large)
        #expect(first == second)
        let twitter = try Self.loadShipped("syncTwitter.xml")
        #expect(GraphSVG.render(twitter) == GraphSVG.render(try Self.loadShipped("syncTwitter.xml")))
    }

    @Test("transitions to missing activities are left out; an empty workflow is an empty drawing")
    func missingTargetsAndEmpty() {
        let layout = GraphLayout.layout(Self.workflow([("start", "s", [(.next, "nowhere"), (.next, "e")]), ("end", "e", [])]))
        #expect(layout.edges.map(\.to) == ["e"])
        let empty = GraphLayout.layout(Self.workflow([]))
        #expect(empty.nodes.isEmpty && empty.edges.isEmpty && empty.width == 40 && empty.height == 40)
    }

    @Test("a chain of 3,000 activities each erring to the last lays out in a few seconds")
    func pathologicalLongEdges() {
        var activities: [(String, String, [(Transition.Kind, String)])] = [("start", "s", [(.next, "a0")])]
        for index in 0..<3000 {
            activities.append(("map", "a\(index)", [(.next, index == 2999 ? "alert" : "a\(index + 1)"), (.onError, "alert")]))
        }
        activities.append(("alert", "alert", []))
        let started = ContinuousClock.now
        let layout = GraphLayout.layout(Self.workflow(activities))
        let elapsed = ContinuousClock.now - started
        #expect(layout.nodes.count == 3002)
        #expect(elapsed < .seconds(20), "took \(elapsed)")
        Self.expectEdgesRespectLayers(layout)
    }
}
