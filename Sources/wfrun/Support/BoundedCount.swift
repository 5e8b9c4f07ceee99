import ArgumentParser

/// The whole numbers an option takes: one conforming type per option, so a range is written once
/// and shows in the option's help (`CountRange.text`).
protocol CountRange: Sendable {
    /// Every value the option accepts.
    static var range: ClosedRange<Int> { get }
}

extension CountRange {
    /// "1 to 100000", for help texts.
    static var text: String { "\(range.lowerBound) to \(range.upperBound)" }
}

/// A whole number within `Range.range`, read from the command line. Anything else (a word, a
/// fraction, a number past the range or past `Int`) is a usage error, exit 2, naming the option
/// before any work starts, so that no count reaches an allocation or a loop unbounded.
///
///     @Option(help: "Records per batch, \(BatchSizeRange.text).")
///     var batchSize: BoundedCount<BatchSizeRange> = 1000
struct BoundedCount<Range: CountRange>: ExpressibleByArgument, ExpressibleByIntegerLiteral, Sendable, Hashable,
    CustomStringConvertible
{
    /// The number.
    let value: Int

    /// Reads decimal digits (an optional sign), within the range; nil otherwise.
    init?(argument: String) {
        guard let value = Int(argument), Range.range.contains(value) else { return nil }
        self.value = value
    }

    /// A default written in the source; it must be in the range.
    init(integerLiteral value: Int) {
        precondition(Range.range.contains(value), "\(value) is outside \(Range.range)")
        self.value = value
    }

    var description: String { String(value) }
}

/// `run --batch-size`: records per batch and per transaction. A batch is held in memory whole.
enum BatchSizeRange: CountRange {
    static let range = 1...100_000
}

/// `history --limit`: runs listed.
enum HistoryLimitRange: CountRange {
    static let range = 1...100_000
}

/// `emulate --followers`: followers per X account (generated lazily, page by page).
enum EmulatedFollowersRange: CountRange {
    static let range = 0...100_000_000
}

/// `emulate --pages`: Facebook pages (generated when the emulator starts).
enum EmulatedPagesRange: CountRange {
    static let range = 0...1_000
}
