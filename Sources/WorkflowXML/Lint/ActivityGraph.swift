import WorkflowModel

/// The workflow's activities as a graph of indices, built once for all rules. Transitions to
/// unknown names are left out (another rule reports them); a duplicate name resolves to its
/// first activity.
struct ActivityGraph {
    /// Outgoing edges per activity index.
    let successors: [[Int]]
    /// Number of incoming transitions per activity index.
    let incomingCount: [Int]
    /// Index of each name's first activity.
    let index: [String: Int]

    init(_ workflow: Workflow) {
        var index: [String: Int] = [:]
        for (position, activity) in workflow.activities.enumerated() where index[activity.name] == nil {
            index[activity.name] = position
        }
        var successors = [[Int]](repeating: [], count: workflow.activities.count)
        var incoming = [Int](repeating: 0, count: workflow.activities.count)
        for (position, activity) in workflow.activities.enumerated() {
            for transition in activity.transitions {
                guard let target = index[transition.target] else { continue }
                successors[position].append(target)
                incoming[target] += 1
            }
        }
        self.index = index
        self.successors = successors
        self.incomingCount = incoming
    }

    /// The activities reachable from `starts`, as a membership array.
    func reachable(from starts: [Int]) -> [Bool] {
        var seen = [Bool](repeating: false, count: successors.count)
        var stack = starts
        for start in starts { seen[start] = true }
        while let current = stack.popLast() {
            for next in successors[current] where !seen[next] {
                seen[next] = true
                stack.append(next)
            }
        }
        return seen
    }

    /// Strongly connected components (Tarjan, iterative so that a 10,000-activity chain cannot
    /// overflow the stack) among the activities `included` says to keep.
    func stronglyConnectedComponents(including included: [Bool]) -> [[Int]] {
        let count = successors.count
        var order = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var counter = 0
        for root in 0..<count where included[root] && order[root] == -1 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            order[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (node, edge) = work.last {
                let edges = successors[node]
                if edge < edges.count {
                    work[work.count - 1].edge += 1
                    let next = edges[edge]
                    guard included[next] else { continue }
                    if order[next] == -1 {
                        order[next] = counter; low[next] = counter; counter += 1
                        stack.append(next); onStack[next] = true
                        work.append((next, 0))
                    } else if onStack[next] {
                        low[node] = min(low[node], order[next])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
                    if low[node] == order[node] {
                        var component: [Int] = []
                        while let member = stack.popLast() {
                            onStack[member] = false
                            component.append(member)
                            if member == node { break }
                        }
                        components.append(component)
                    }
                }
            }
        }
        return components
    }
}
