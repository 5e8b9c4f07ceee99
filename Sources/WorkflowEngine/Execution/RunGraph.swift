import WorkflowModel

/// The static facts about a workflow the runner needs: activity indices, each activity's record
/// flow (declared by its behaviour), incoming transition counts (for barriers), entry points, and
/// the record groups (activities linked by record flow, which resume together from their source's
/// checkpoint).
struct RunGraph: Sendable {
    let workflow: Workflow
    let index: [String: Int]
    /// What each activity does with records and control.
    let flows: [RecordFlow]
    let incoming: [Int]
    let entries: [Int]
    /// For each activity, the id of its record group (its own index when it is in none).
    let group: [Int]
    /// The activities whose progress a record group's sources resume after, by group id: sinks
    /// that commit checkpoints, and activities that accumulate (they commit none, so a group with
    /// one resumes from the start).
    let sinks: [Int: [String]]

    init(_ workflow: Workflow, flows: [RecordFlow]) {
        precondition(flows.count == workflow.activities.count, "one record flow per activity")
        self.workflow = workflow
        self.flows = flows
        var index: [String: Int] = [:]
        for (position, activity) in workflow.activities.enumerated() where index[activity.name] == nil {
            index[activity.name] = position
        }
        var incoming = [Int](repeating: 0, count: workflow.activities.count)
        var parent = Array(workflow.activities.indices)
        func root(_ node: Int) -> Int {
            var node = node
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        for (position, activity) in workflow.activities.enumerated() {
            for transition in activity.transitions {
                guard let target = index[transition.target] else { continue }
                incoming[target] += 1
                let carriesRecords = flows[position].contains(.producesRecords) && transition.kind != .onError
                if carriesRecords, flows[target].contains(.consumesRecords) {
                    parent[root(target)] = root(position)
                }
            }
        }
        let group = workflow.activities.indices.map(root)
        var sinks: [Int: [String]] = [:]
        for (position, activity) in workflow.activities.enumerated()
        where !flows[position].isDisjoint(with: [.commitsCheckpoints, .accumulates]) {
            sinks[group[position], default: []].append(activity.name)
        }
        self.index = index
        self.incoming = incoming
        self.entries = workflow.activities.indices.filter { workflow.activities[$0].kind.isEntryPoint }
        self.group = group
        self.sinks = sinks
    }

    /// The activity at an index.
    subscript(position: Int) -> Activity { workflow.activities[position] }

    /// The indices of an activity's transitions of a kind.
    func targets(of position: Int, kind: Transition.Kind) -> [Int] {
        workflow.activities[position].transitions.filter { $0.kind == kind }.compactMap { index[$0.target] }
    }
}

/// What a resumed run already did: the activities that finished (with the transitions they took)
/// and the checkpoints committed, so sources continue after them.
struct ResumePlan: Sendable {
    /// Finished activities whose whole record group finished too: replayed, not run again.
    let completed: [String: [Transition.Kind]]
    /// Committed checkpoints by source activity, then by sink.
    let checkpoints: [String: [String: Checkpoint]]

    static let fresh = ResumePlan(completed: [:], checkpoints: [:])

    init(completed: [String: [Transition.Kind]], checkpoints: [String: [String: Checkpoint]]) {
        self.completed = completed
        self.checkpoints = checkpoints
    }

    init(graph: RunGraph, activityRuns: [ActivityRunRecord], committed: [CommittedCheckpoint]) {
        let succeeded = Dictionary(
            activityRuns.filter { $0.status == .succeeded }.map { ($0.activity, $0) }, uniquingKeysWith: { _, last in last })
        var groupDone: [Int: Bool] = [:]
        for (position, activity) in graph.workflow.activities.enumerated() {
            let done = succeeded[activity.name] != nil
            groupDone[graph.group[position]] = (groupDone[graph.group[position]] ?? true) && done
        }
        var completed: [String: [Transition.Kind]] = [:]
        for (position, activity) in graph.workflow.activities.enumerated() {
            guard let record = succeeded[activity.name], groupDone[graph.group[position]] == true else { continue }
            completed[activity.name] = (record.outcome ?? "").split(separator: ",").compactMap { Transition.Kind(rawValue: String($0)) }
        }
        var checkpoints: [String: [String: Checkpoint]] = [:]
        for item in committed {
            checkpoints[item.checkpoint.source, default: [:]][item.sink] = item.checkpoint
        }
        self.completed = completed
        self.checkpoints = checkpoints
    }

    /// Where the source at `position` resumes: after the oldest checkpoint its sinks committed,
    /// when every sink downstream of it committed one; otherwise from the start (upserts are
    /// idempotent, so re-reading is safe; skipping is not).
    func resumePoint(for position: Int, in graph: RunGraph) -> Checkpoint? {
        let source = graph[position].name
        guard let bySink = checkpoints[source], let sinks = graph.sinks[graph.group[position]], !sinks.isEmpty else { return nil }
        let committed = sinks.compactMap { bySink[$0] }
        guard committed.count == sinks.count else { return nil }
        return committed.min { $0.sequence < $1.sequence }
    }
}
