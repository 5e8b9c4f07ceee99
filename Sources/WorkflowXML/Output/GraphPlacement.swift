/// Turns a `LayeredGraph` into points: x by least-squares pulls towards neighbours under the
/// layer's order and spacing, y by layer bands, edge ends spread along the outlines, and edge
/// labels put where they hide no node and no other label.
struct Placement {
    /// Rounds of horizontal pulls (one pass down and one up each) before a last pass down.
    static let rounds = 6

    private var nodes: [GraphLayout.Node]
    private let layered: LayeredGraph
    private let links: [Link]
    private let isBack: [Bool]
    /// Center x of every item, virtual ones included.
    private var x: [Double]
    /// Room left and right of each item's center.
    private var left: [Double]
    private var right: [Double]
    /// How far each self loop reaches right of its node's box.
    private var loopReach: [Int: Double] = [:]

    init(nodes: [GraphLayout.Node], layered: LayeredGraph, links: [Link], isBack: [Bool]) {
        self.nodes = nodes
        self.layered = layered
        self.links = links
        self.isBack = isBack
        let items = layered.layer.count
        x = Array(repeating: 0, count: items)
        left = Array(repeating: 0, count: items)
        right = Array(repeating: 0, count: items)
        for (index, node) in nodes.enumerated() {
            left[index] = node.width / 2
            right[index] = node.width / 2
        }
        var loops = Array(repeating: 0, count: nodes.count)
        for (index, link) in links.enumerated() where link.source == link.target {
            let reach = GraphMetrics.loopReach + 12 * Double(loops[link.source])
            loops[link.source] += 1
            loopReach[index] = reach
            let label = GraphMetrics.textWidth(link.kind.rawValue, fontSize: GraphMetrics.edgeLabelFontSize)
            right[link.source] = max(right[link.source], nodes[link.source].width / 2 + reach + label + 8)
        }
    }

    /// The finished layout.
    mutating func layout(crossings: Int) -> GraphLayout {
        placeHorizontally()
        let (bandTop, bandHeight) = bands()
        for index in nodes.indices {
            let level = layered.layer[index]
            nodes[index].x = x[index] - nodes[index].width / 2
            nodes[index].y = bandTop[level] + (bandHeight[level] - nodes[index].height) / 2
        }
        var edges = route(bandTop: bandTop, bandHeight: bandHeight)
        placeLabels(&edges)
        return normalized(GraphLayout(
            nodes: nodes, edges: edges, width: 0, height: 0, layerCount: layered.order.count, crossings: crossings))
    }

    // MARK: Horizontal positions

    private mutating func placeHorizontally() {
        for items in layered.order {
            var cursor = 0.0
            for (index, item) in items.enumerated() {
                if index > 0 { cursor += gap(items[index - 1], item) }
                x[item] = cursor
            }
        }
        let levels = layered.order.indices
        for _ in 0..<Self.rounds {
            for level in levels.dropFirst() { pull(level, towards: [layered.up]) }
            for level in levels.dropLast().reversed() { pull(level, towards: [layered.down]) }
        }
        // Last, downwards only: a child sits under its parents, so chains run straight.
        for level in levels.dropFirst() { pull(level, towards: [layered.up]) }
    }

    /// The least distance between the centers of two items side by side.
    private func gap(_ first: Int, _ second: Int) -> Double {
        let virtual = (first >= layered.count ? 1 : 0) + (second >= layered.count ? 1 : 0)
        let space = virtual == 0 ? GraphMetrics.nodeGap : GraphMetrics.virtualGap
        return right[first] + space + left[second]
    }

    /// Moves the items of `level` as near as their order and spacing allow to the mean x of
    /// their neighbours (pool-adjacent-violators on x minus the cumulative spacing: the exact
    /// least-squares answer, in linear time).
    private mutating func pull(_ level: Int, towards neighbourLists: [[[Int]]]) {
        let items = layered.order[level]
        guard !items.isEmpty else { return }
        var blocks: [(weight: Double, sum: Double, count: Int)] = []
        var offset = 0.0
        var offsets: [Double] = []
        for (index, item) in items.enumerated() {
            if index > 0 { offset += gap(items[index - 1], item) }
            offsets.append(offset)
            var total = 0.0, count = 0
            for neighbours in neighbourLists {
                for neighbour in neighbours[item] {
                    total += x[neighbour]
                    count += 1
                }
            }
            let wanted = count == 0 ? x[item] : total / Double(count)
            let weight = item >= layered.count ? 2.0 : 1.0
            blocks.append((weight, weight * (wanted - offset), 1))
            while blocks.count > 1 {
                let last = blocks[blocks.count - 1], previous = blocks[blocks.count - 2]
                guard previous.sum / previous.weight > last.sum / last.weight else { break }
                blocks.removeLast(2)
                blocks.append((previous.weight + last.weight, previous.sum + last.sum, previous.count + last.count))
            }
        }
        var index = 0
        for block in blocks {
            for _ in 0..<block.count {
                x[items[index]] = block.sum / block.weight + offsets[index]
                index += 1
            }
        }
    }

    // MARK: Vertical bands

    private func bands() -> (top: [Double], height: [Double]) {
        var height = Array(repeating: 0.0, count: layered.order.count)
        for node in nodes { height[node.layer] = max(height[node.layer], node.height) }
        var top: [Double] = []
        var cursor = 0.0
        for band in height {
            top.append(cursor)
            cursor += band + GraphMetrics.layerGap
        }
        return (top, height)
    }

    // MARK: Edges

    private func route(bandTop: [Double], bandHeight: [Double]) -> [GraphLayout.Edge] {
        // Where each link meets its upper end's bottom and its lower end's top, spread by the
        // x of what lies at the other side so that edges leave without crossing.
        var bottoms = Array(repeating: [(towards: Double, link: Int)](), count: nodes.count)
        var tops = bottoms
        for (index, link) in links.enumerated() where link.source != link.target {
            let chain = layered.chains[index]
            let (upper, lower) = LayeredGraph.ends(link, isBack: isBack[index])
            bottoms[upper].append((x[chain.count > 1 ? chain[1] : lower], index))
            tops[lower].append((x[chain.count > 1 ? chain[chain.count - 2] : upper], index))
        }
        var bottomPort = Array(repeating: GraphLayout.Point(x: 0, y: 0), count: links.count)
        var topPort = bottomPort
        for node in nodes.indices {
            for (side, attachments) in [(1.0, bottoms[node]), (-1.0, tops[node])] {
                let sorted = attachments.sorted { ($0.towards, $0.link) < ($1.towards, $1.link) }
                for (rank, attachment) in sorted.enumerated() {
                    let port = self.port(node, side: side, rank: rank, of: sorted.count)
                    if side > 0 { bottomPort[attachment.link] = port } else { topPort[attachment.link] = port }
                }
            }
        }
        return links.enumerated().map { index, link in
            var points: [GraphLayout.Point]
            if link.source == link.target {
                points = selfLoop(link.source, reach: loopReach[index] ?? GraphMetrics.loopReach)
            } else {
                points = [bottomPort[index]]
                for item in layered.chains[index].dropFirst().dropLast() {
                    let level = layered.layer[item]
                    points.append(GraphLayout.Point(x: x[item], y: bandTop[level]))
                    points.append(GraphLayout.Point(x: x[item], y: bandTop[level] + bandHeight[level]))
                }
                points.append(topPort[index])
                if isBack[index] { points.reverse() }
            }
            return GraphLayout.Edge(
                from: nodes[link.source].name, to: nodes[link.target].name, source: link.source, target: link.target,
                kind: link.kind, isBack: isBack[index], points: points, labelPosition: points[0])
        }
    }

    /// The `rank`th of `count` attachment points along a node's bottom (`side` 1) or top (-1).
    private func port(_ node: Int, side: Double, rank: Int, of count: Int) -> GraphLayout.Point {
        let box = nodes[node]
        let room = GraphMetrics.portRoom(box.shape, width: box.width, height: box.height)
        let spacing = count > 1 ? min(GraphMetrics.portSpacing, room / Double(count - 1)) : 0
        let dx = (Double(rank) - Double(count - 1) / 2) * spacing
        let dy = GraphMetrics.halfHeight(box.shape, width: box.width, height: box.height, at: dx)
        return GraphLayout.Point(x: box.center.x + dx, y: box.center.y + side * dy)
    }

    /// A loop out of the right side of a node and back: start, two control points, end.
    private func selfLoop(_ node: Int, reach: Double) -> [GraphLayout.Point] {
        let box = nodes[node], center = box.center, dy = min(9, box.height / 4)
        let side = center.x + GraphMetrics.halfWidth(box.shape, width: box.width, height: box.height, at: dy)
        let far = box.x + box.width + reach
        return [
            .init(x: side, y: center.y - dy), .init(x: far, y: center.y - box.height / 2 - 4),
            .init(x: far, y: center.y + box.height / 2 + 4), .init(x: side, y: center.y + dy),
        ]
    }

    // MARK: Labels and bounds

    /// Puts each edge's label on its first stretch, at the first of a few places along it that
    /// covers no node and no label placed before; a self loop's label goes right of the loop.
    private func placeLabels(_ edges: inout [GraphLayout.Edge]) {
        var taken = ObstacleGrid()
        for node in nodes { taken.insert(Box(minX: node.x, minY: node.y, maxX: node.x + node.width, maxY: node.y + node.height)) }
        for index in edges.indices {
            let edge = edges[index], points = edge.points
            let width = GraphMetrics.textWidth(edge.kind.rawValue, fontSize: GraphMetrics.edgeLabelFontSize) + 6
            if edge.isSelfLoop {
                let middle = GraphLayout.Point(
                    x: 0.25 * points[0].x + 0.75 * points[1].x + 4 + width / 2, y: (points[0].y + points[3].y) / 2)
                edges[index].labelPosition = middle
                taken.insert(Box(around: middle, width: width))
                continue
            }
            let from = points[0], to = points[1]
            var chosen: GraphLayout.Point?
            for t in [0.5, 0.35, 0.65, 0.22, 0.78] {
                let candidate = Self.curve(from, to, at: t)
                if !taken.overlaps(Box(around: candidate, width: width)) {
                    chosen = candidate
                    break
                }
            }
            let position = chosen ?? Self.curve(from, to, at: 0.5)
            edges[index].labelPosition = position
            taken.insert(Box(around: position, width: width))
        }
    }

    /// The point at `t` of the curve GraphSVG draws between two points: a cubic Bézier whose
    /// control points sit at mid-height above and below its ends (vertical tangents).
    static func curve(_ from: GraphLayout.Point, _ to: GraphLayout.Point, at t: Double) -> GraphLayout.Point {
        let s = 1 - t
        let start = s * s * s + 3 * s * s * t, end = 3 * s * t * t + t * t * t
        let middle = (from.y + to.y) / 2
        return GraphLayout.Point(
            x: from.x * start + to.x * end, y: from.y * s * s * s + 3 * middle * s * t + to.y * t * t * t)
    }

    /// Moves everything so the drawing starts at the margin, and sets its size.
    private func normalized(_ layout: GraphLayout) -> GraphLayout {
        var bounds = Box(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        for node in layout.nodes { bounds.include(Box(minX: node.x, minY: node.y, maxX: node.x + node.width, maxY: node.y + node.height)) }
        for edge in layout.edges {
            for point in edge.points { bounds.include(Box(minX: point.x, minY: point.y, maxX: point.x, maxY: point.y)) }
            let width = GraphMetrics.textWidth(edge.kind.rawValue, fontSize: GraphMetrics.edgeLabelFontSize) + 6
            bounds.include(Box(around: edge.labelPosition, width: width))
        }
        guard bounds.minX.isFinite else {
            return GraphLayout(nodes: [], edges: [], width: 2 * GraphMetrics.margin, height: 2 * GraphMetrics.margin, layerCount: 0, crossings: 0)
        }
        let dx = GraphMetrics.margin - bounds.minX, dy = GraphMetrics.margin - bounds.minY
        var layout = layout
        for index in layout.nodes.indices {
            layout.nodes[index].x += dx
            layout.nodes[index].y += dy
        }
        for index in layout.edges.indices {
            layout.edges[index].points = layout.edges[index].points.map { .init(x: $0.x + dx, y: $0.y + dy) }
            layout.edges[index].labelPosition.x += dx
            layout.edges[index].labelPosition.y += dy
        }
        layout.width = (bounds.maxX - bounds.minX + 2 * GraphMetrics.margin).rounded(.up)
        layout.height = (bounds.maxY - bounds.minY + 2 * GraphMetrics.margin).rounded(.up)
        return layout
    }
}

/// An axis-aligned rectangle.
struct Box {
    var minX, minY, maxX, maxY: Double

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        (self.minX, self.minY, self.maxX, self.maxY) = (minX, minY, maxX, maxY)
    }

    /// An edge label's box: `width` wide, one line high, centered on `center`.
    init(around center: GraphLayout.Point, width: Double) {
        let half = GraphMetrics.edgeLabelHeight / 2
        self.init(minX: center.x - width / 2, minY: center.y - half, maxX: center.x + width / 2, maxY: center.y + half)
    }

    func overlaps(_ other: Box) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    mutating func include(_ other: Box) {
        (minX, minY, maxX, maxY) = (min(minX, other.minX), min(minY, other.minY), max(maxX, other.maxX), max(maxY, other.maxY))
    }
}

/// Boxes filed by the 64-point cells they touch, so that a label looks only at its neighbours.
struct ObstacleGrid {
    private static let cell = 64.0
    private var cells: [Int64: [Box]] = [:]

    mutating func insert(_ box: Box) {
        // Keys first, then the writes: a closure writing `cells` while a method of self runs
        // would copy the whole dictionary on every insert.
        for key in Self.cells(of: box) { cells[key, default: []].append(box) }
    }

    func overlaps(_ box: Box) -> Bool {
        Self.cells(of: box).contains { key in cells[key]?.contains { $0.overlaps(box) } ?? false }
    }

    private static func cells(of box: Box) -> [Int64] {
        let columns = Int64((box.minX / cell).rounded(.down))...Int64((box.maxX / cell).rounded(.down))
        let rows = Int64((box.minY / cell).rounded(.down))...Int64((box.maxY / cell).rounded(.down))
        return columns.flatMap { column in rows.map { column &* 1_000_003 &+ $0 } }
    }
}
