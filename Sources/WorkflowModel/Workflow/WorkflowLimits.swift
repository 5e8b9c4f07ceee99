/// The ranges the workflow language accepts for its numbers, checked by `wfrun validate`
/// (WF070) so that a value that validates can always run. Durations have one bound for all of
/// them, `WorkflowDuration.maximum`; the counts are here. Docs/language.md lists them.
public enum WorkflowLimits {
    /// `<retry count="…">`: more attempts than this never help a transient error.
    public static let retryCount: ClosedRange<Int> = 1...100
    /// `<workflow maxConsecutiveErrors="…">`.
    public static let maxConsecutiveErrors: ClosedRange<Int> = 1...1_000_000
    /// `<query limit="…">`: rows read.
    public static let queryLimit: ClosedRange<Int> = 1...1_000_000_000
    /// `publish perDay`: messages per 24 hours (X allows 1,000; a cap above a million means none).
    public static let perDay: ClosedRange<Int> = 1...1_000_000
    /// `<every minutes="…">`: at most 365 days.
    public static let everyMinutes: ClosedRange<Int> = 1...525_600
    /// `<every hours="…">`: at most 365 days.
    public static let everyHours: ClosedRange<Int> = 1...8_760

    /// "from 1 to 100": a range as messages write it.
    public static func describe(_ range: ClosedRange<Int>) -> String {
        "from \(range.lowerBound) to \(range.upperBound)"
    }
}
