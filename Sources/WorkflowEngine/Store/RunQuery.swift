import Foundation

/// Which runs a console page or an API call lists: filters that all hold at once, and a keyset
/// position, so that each page is one index-backed query however many runs the store keeps.
///
/// ```swift
/// var query = RunQuery(workflow: "syncTwitter", statuses: [.failed, .interrupted], limit: 50)
/// let page = try await store.runs(matching: query)          // newest first
/// query.beforeID = page.last?.id                             // the next, older page
/// let total = try await store.countRuns(matching: query)    // ignores beforeID and limit
/// ```
public struct RunQuery: Sendable, Hashable {
    /// Only the runs of this workflow; all workflows when nil.
    public var workflow: String?
    /// Only runs in one of these statuses; every status when empty.
    public var statuses: [RunStatus]
    /// Only runs that started at or after this instant.
    public var startedFrom: Date?
    /// Only runs that started before this instant (exclusive).
    public var startedBefore: Date?
    /// Only runs whose id is below this one: the last id of the previous page.
    public var beforeID: Int64?
    /// At most this many runs (none when zero or less).
    public var limit: Int

    /// Creates a query; with no arguments, the 50 newest runs of every workflow.
    public init(
        workflow: String? = nil, statuses: [RunStatus] = [], startedFrom: Date? = nil, startedBefore: Date? = nil,
        beforeID: Int64? = nil, limit: Int = 50
    ) {
        self.workflow = workflow
        self.statuses = statuses
        self.startedFrom = startedFrom
        self.startedBefore = startedBefore
        self.beforeID = beforeID
        self.limit = limit
    }
}

/// Lines of one run's log after a position, oldest first: what a live view asks for again and
/// again, getting only what is new.
public struct RunLogPage: Sendable, Hashable {
    /// The lines, oldest first, each with its `sequence`.
    public var entries: [RunLogEntry]
    /// The position to ask from next time: the last line's sequence, or the position asked from
    /// when there is no new line (nil when the log is empty and none was given).
    public var last: Int64?

    /// Creates a page.
    public init(entries: [RunLogEntry], last: Int64?) {
        self.entries = entries
        self.last = last
    }
}
