/// What an activity does with records and control, as the engine needs to know it to link record
/// groups, resume them, join branches and record states. Each activity declares its own
/// (`ActivityBehavior.recordFlow`); the engine names no activity kind.
public struct RecordFlow: OptionSet, Sendable, Hashable {
    public let rawValue: Int

    /// Creates a set of facts from its raw bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Its transitions (other than `onError`) carry the records it passes on or produces.
    public static let producesRecords = RecordFlow(rawValue: 1 << 0)
    /// It reads the records arriving at it. For an activity without this fact the engine reads
    /// any incoming records to their end first, so that lazy upstream work (and its commits) is
    /// done before it runs.
    public static let consumesRecords = RecordFlow(rawValue: 1 << 1)
    /// A sink: it commits each batch with its checkpoint. Its record group's sources resume
    /// after the oldest checkpoint its sinks committed.
    public static let commitsCheckpoints = RecordFlow(rawValue: 1 << 2)
    /// It holds what it read until its input ends (an aggregate): nothing it read is durable
    /// before then, so its record group resumes from the start unless the group finished.
    public static let accumulates = RecordFlow(rawValue: 1 << 3)
    /// A barrier (a join): activated once every incoming transition has arrived, and counted
    /// again from zero for its next activation.
    public static let barrier = RecordFlow(rawValue: 1 << 4)
    /// Reached by control alone, it returns at once: its state is recorded once, when it ends,
    /// not also as running.
    public static let instant = RecordFlow(rawValue: 1 << 5)
    /// A sink whose per-batch work (a database transaction) should overlap with the reading of
    /// the next batch: the engine reads one batch ahead for it.
    public static let overlapsInput = RecordFlow(rawValue: 1 << 6)

    /// A record activity that transforms or filters records as they pass (`map`, `filter`).
    public static let transform: RecordFlow = [.consumesRecords, .producesRecords, .instant]
    /// A control activity that returns at once and carries no records (`start`, `fork`).
    public static let control: RecordFlow = [.instant]
}
