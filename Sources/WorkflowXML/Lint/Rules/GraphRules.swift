import WorkflowModel

/// WF020: activity names are unique.
struct ActivityNameRule: LintRule {
    func check(_ context: LintContext) -> [Diagnostic] {
        var firstSeen: [String: SourceLocation] = [:]
        var diagnostics: [Diagnostic] = []
        for activity in context.workflow.activities {
            if let first = firstSeen[activity.name] {
                diagnostics.append(Diagnostic(
                    .duplicateActivity,
                    "another activity is already named '\(activity.name)' (line \(first.line)); rename one of them",
                    at: activity.location))
            } else {
                firstSeen[activity.name] = activity.location
            }
        }
        return diagnostics
    }
}

/// WF021: every transition names an existing activity.
struct TransitionTargetRule: LintRule {
    func check(_ context: LintContext) -> [Diagnostic] {
        let names = context.workflow.activities.map(\.name)
        return context.workflow.activities.flatMap { activity in
            activity.transitions.compactMap { transition -> Diagnostic? in
                guard context.graph.index[transition.target] == nil else { return nil }
                return Diagnostic(
                    .unknownTransitionTarget,
                    "<\(transition.kind.rawValue)> goes to '\(transition.target)', which is not an activity of this workflow\(NameSuggestion.hint(for: transition.target, in: names))",
                    at: transition.location)
            }
        }
    }
}

/// WF023: there is an entry point; WF022: every activity can be reached from one.
struct ReachabilityRule: LintRule {
    func check(_ context: LintContext) -> [Diagnostic] {
        let activities = context.workflow.activities
        let entries = activities.indices.filter { activities[$0].kind.isEntryPoint }
        guard !entries.isEmpty else {
            return [Diagnostic(
                .noEntryPoint,
                "the workflow has no entry point; add a <start> or a <scheduler> activity",
                at: context.workflow.location)]
        }
        let reached = context.graph.reachable(from: entries)
        // A duplicate name is reported by its own rule; transitions resolve to the first one.
        let isFirstOfItsName = activities.indices.map { context.graph.index[activities[$0].name] == $0 }
        return activities.indices.filter { !reached[$0] && isFirstOfItsName[$0] }.map { position in
            Diagnostic(
                .unreachableActivity,
                "activity '\(activities[position].name)' is never reached from a start or scheduler; add a transition to it or remove it",
                at: activities[position].location)
        }
    }
}

/// WF024: every cycle passes through an activity that waits (`wait`, `scheduler`, `signal`).
struct CycleRule: LintRule {
    func check(_ context: LintContext) -> [Diagnostic] {
        let activities = context.workflow.activities
        let included = activities.map { !$0.kind.breaksCycles }
        return context.graph.stronglyConnectedComponents(including: included).compactMap { component in
            let members = component.sorted()
            let isCycle = members.count > 1 || context.graph.successors[members[0]].contains(members[0])
            guard isCycle else { return nil }
            let names = members.map { activities[$0].name }
            let loop = (names + [names[0]]).joined(separator: " → ")
            return Diagnostic(
                .unbrokenCycle,
                "the loop \(loop) has no <wait> or <scheduler> and would run forever; add a <wait> to the loop or remove a transition",
                at: activities[members[0]].location)
        }
    }
}

/// WF025: a `join` has at least two incoming transitions.
struct JoinRule: LintRule {
    func check(_ context: LintContext) -> [Diagnostic] {
        context.workflow.activities.indices.compactMap { position in
            let activity = context.workflow.activities[position]
            let incoming = context.graph.incomingCount[position]
            guard activity.kind == .join, incoming < 2 else { return nil }
            return Diagnostic(
                .joinNeedsTwoInputs,
                "join '\(activity.name)' has \(incoming) incoming transition\(incoming == 1 ? "" : "s"); a join waits for several branches, so give it at least two or remove it",
                at: activity.location)
        }
    }
}
