import Foundation

/// What an expression can see besides the record: the workflow's parameters and the run's clock.
/// The clock is injected, so a run (and a test) decides what `now()` is.
public struct EvaluationContext: Sendable {
    /// The workflow's parameters, defaults already applied and command-line values already typed.
    public var parameters: [String: ExpressionValue]
    /// The instant `now()` reports.
    public var now: Date {
        didSet { nowValue = .string(ISOTimestamp(now).truncatedToSeconds.text) }
    }
    /// `now()`'s value, formatted once: a map evaluates it for every record.
    public private(set) var nowValue: ExpressionValue

    /// Creates a context.
    public init(parameters: [String: ExpressionValue] = [:], now: Date) {
        self.parameters = parameters
        self.now = now
        nowValue = .string(ISOTimestamp(now).truncatedToSeconds.text)
    }
}
