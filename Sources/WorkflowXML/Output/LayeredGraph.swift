/// The activity graph in layers, with a virtual item wherever an edge crosses a layer, and the
/// order of the items in each layer: the part of `GraphLayout` that decides what goes where
/// before anything is measured.
struct LayeredGraph {
    /// Virtual items beyond this many are not made: further long edges are drawn straight, so a
    /// pathological file (thousands of activities each erring to the last) stays linear.
    static let virtualBudget = 20_000
    /// Barycenter rounds (a sweep down and a sweep up each).
    static let rounds = 4
    /// Passes of adjacent swaps after each sweep, at most.
    static let swapPasses = 6

    /// The layer of each item: activities first (by index), virtual items after.
    private(set) var layer: [Int]
    /// Each item's neighbours in the layer above, one entry per edge segment.
    private(set) var up: [[Int]]
    /// Each item's neighbours in the layer below, one entry per edge segment.
    private(set) var down: [[Int]]
    /// Per link: its items from the upper end to the lower end; empty for self loops and for
    /// links drawn straight.
    private(set) var chains: [[Int]]
    /// The items of each layer, left to right.
    private(set) var order: [[Int]]
    /// Each item's index in its layer's order.
    private(set) var position: [Int]

    /// How many activities (the items before the virtual ones).
    let count: Int

    /// Layers `count` activities joined by `links`, the back links reversed.
    init(count: Int, links: [Link], isBack: [Bool], entryPoints: [Int]) {
        self.count = count
        var successors = Array(repeating: [Int](), count: count)
        var indegree = Array(repeating: 0, count: count)
        for (index, link) in links.enumerated() where link.source != link.target {
            let (upper, lower) = Self.ends(link, isBack: isBack[index])
            successors[upper].append(lower)
            indegree[lower] += 1
        }
        // Longest path from the sources, in topological order (Kahn's, first come first served).
        var layer = Array(repeating: 0, count: count)
        let sources = (0..<count).filter { indegree[$0] == 0 }
        var queue = sources
        var head = 0
        while head < queue.count {
            let item = queue[head]
            head += 1
            for successor in successors[item] {
                layer[successor] = max(layer[successor], layer[item] + 1)
                indegree[successor] -= 1
                if indegree[successor] == 0 { queue.append(successor) }
            }
        }
        // An activity that nothing leads to and that is no entry point (an unreachable one) sits
        // just above its nearest successor, not at the top with long edges down.
        let isEntryPoint = Set(entryPoints)
        for source in sources where !isEntryPoint.contains(source) {
            if let nearest = successors[source].map({ layer[$0] }).min() { layer[source] = nearest - 1 }
        }
        up = Array(repeating: [], count: count)
        down = Array(repeating: [], count: count)
        chains = Array(repeating: [], count: links.count)
        var virtualCount = 0
        for (index, link) in links.enumerated() where link.source != link.target {
            let (upper, lower) = Self.ends(link, isBack: isBack[index])
            let between = layer[lower] - layer[upper] - 1
            if between > 0 && virtualCount + between > Self.virtualBudget { continue }
            var chain = [upper]
            for level in (layer[upper] + 1)..<max(layer[upper] + 1, layer[lower]) {
                chain.append(layer.count)
                layer.append(level)
                up.append([])
                down.append([])
                virtualCount += 1
            }
            chain.append(lower)
            for (above, below) in zip(chain, chain.dropFirst()) {
                down[above].append(below)
                up[below].append(above)
            }
            chains[index] = chain
        }
        self.layer = layer
        let layers = (layer.max() ?? -1) + 1
        order = Array(repeating: [], count: layers)
        position = Array(repeating: 0, count: layer.count)
        for item in layer.indices {
            position[item] = order[layer[item]].count
            order[layer[item]].append(item)
        }
        for level in order.indices.dropFirst() { reorder(level, by: up) }
    }

    /// The link's ends as layered: (upper, lower).
    static func ends(_ link: Link, isBack: Bool) -> (Int, Int) {
        isBack ? (link.target, link.source) : (link.source, link.target)
    }

    /// Reorders the layers by barycenter sweeps and adjacent swaps, keeping the best order seen;
    /// returns its number of crossings.
    mutating func reduceCrossings() -> Int {
        var best = order
        var fewest = crossings()
        var round = 0
        while fewest > 0 && round < Self.rounds {
            for downwards in [true, false] {
                let levels = downwards ? Array(order.indices.dropFirst()) : Array(order.indices.dropLast().reversed())
                for level in levels { reorder(level, by: downwards ? up : down) }
                swapAdjacent()
                let now = crossings()
                if now < fewest {
                    fewest = now
                    best = order
                }
            }
            round += 1
        }
        order = best
        for items in order {
            for (index, item) in items.enumerated() { position[item] = index }
        }
        return fewest
    }

    /// The number of crossing segment pairs over all adjacent layers.
    func crossings() -> Int {
        order.indices.dropLast().reduce(0) { $0 + crossings(below: $1) }
    }

    /// Crossings between `level` and the layer below, counted with a Fenwick tree: for each
    /// segment in left-to-right order of its upper end, the earlier segments whose lower end is
    /// further right.
    private func crossings(below level: Int) -> Int {
        var tree = Array(repeating: 0, count: order[level + 1].count + 1)
        var total = 0, seen = 0
        for item in order[level] {
            let ends = down[item].map { position[$0] }.sorted()
            for end in ends {
                var index = end + 1, atOrLeft = 0
                while index > 0 {
                    atOrLeft += tree[index]
                    index -= index & -index
                }
                total += seen - atOrLeft
            }
            for end in ends {
                var index = end + 1
                while index < tree.count {
                    tree[index] += 1
                    index += index & -index
                }
                seen += 1
            }
        }
        return total
    }

    /// Sorts `level` by the mean position of each item's neighbours in `neighbours`; an item
    /// without any keeps its own position as its key. Ties keep the current order.
    private mutating func reorder(_ level: Int, by neighbours: [[Int]]) {
        let keyed = order[level].map { item -> (key: Double, now: Int, item: Int) in
            let around = neighbours[item]
            let key = around.isEmpty
                ? Double(position[item]) : Double(around.reduce(0) { $0 + position[$1] }) / Double(around.count)
            return (key, position[item], item)
        }
        order[level] = keyed.sorted { ($0.key, $0.now) < ($1.key, $1.now) }.map(\.item)
        for (index, item) in order[level].enumerated() { position[item] = index }
    }

    /// Swaps neighbours in a layer while that lowers the crossings with both adjacent layers.
    private mutating func swapAdjacent() {
        for _ in 0..<Self.swapPasses {
            var swapped = false
            for level in order.indices where order[level].count > 1 {
                for index in 0..<(order[level].count - 1) {
                    let left = order[level][index], right = order[level][index + 1]
                    guard crossings(left, before: right) > crossings(right, before: left) else { continue }
                    order[level].swapAt(index, index + 1)
                    position[left] = index + 1
                    position[right] = index
                    swapped = true
                }
            }
            if !swapped { return }
        }
    }

    /// The crossings between the segments of `left` and of `right` when `left` is to the left.
    private func crossings(_ left: Int, before right: Int) -> Int {
        Self.inversions(up[left].map { position[$0] }, up[right].map { position[$0] })
            + Self.inversions(down[left].map { position[$0] }, down[right].map { position[$0] })
    }

    /// Pairs (a in `left`, b in `right`) with a > b.
    private static func inversions(_ left: [Int], _ right: [Int]) -> Int {
        guard !left.isEmpty, !right.isEmpty else { return 0 }
        let right = right.sorted()
        var total = 0, below = 0
        for value in left.sorted() {
            while below < right.count && right[below] < value { below += 1 }
            total += below
        }
        return total
    }
}
