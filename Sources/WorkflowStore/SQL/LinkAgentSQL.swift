import WorkflowEngine

/// The agent classes whose visits count as people's, as the SQL spells them.
enum LinkAgentSQL {
    static let people = LinkAgent.allCases.filter { !$0.isCrawler }.map(\.rawValue)
}
