import ArgumentParser
import WorkflowModel

/// The lengths of time an option takes: one conforming type per option.
protocol DurationRange: Sendable {
    /// The shortest and longest accepted, in milliseconds.
    static var range: ClosedRange<Int64> { get }
}

extension DurationRange {
    /// "1ms to 1h", "0s to 7d", for help texts.
    static var text: String {
        let lowest = range.lowerBound == 0 ? "0s" : "\(WorkflowDuration(milliseconds: range.lowerBound))"
        return "\(lowest) to \(WorkflowDuration(milliseconds: range.upperBound))"
    }
}

/// A length of time read from the command line, within `Range.range`: a duration as workflows
/// write it (`250ms`, `30s`, `20m`, `2h`, `1d`) or a plain number of seconds (`30`, `2.5`).
/// `inf`, `nan`, exponents, negative numbers and anything out of range are usage errors (exit 2),
/// so no clock or sleep ever sees a length it cannot hold.
///
///     @Option(help: "Seconds one request may take, \(RequestTimeoutRange.text).")
///     var requestTimeout: DurationOption<RequestTimeoutRange> = "30s"
struct DurationOption<Range: DurationRange>: ExpressibleByArgument, ExpressibleByStringLiteral, Sendable, Hashable,
    CustomStringConvertible
{
    /// The length.
    let duration: WorkflowDuration

    /// Reads `250ms`, `30s`, … or decimal seconds (to the millisecond), within the range.
    init?(argument: String) {
        guard let duration = Self.parse(argument), Range.range.contains(duration.milliseconds) else { return nil }
        self.duration = duration
    }

    /// A default written in the source; it must be valid.
    init(stringLiteral text: String) {
        guard let option = Self(argument: text) else { preconditionFailure("'\(text)' is not within \(Range.text)") }
        self = option
    }

    /// The length in seconds.
    var seconds: Double { Double(duration.milliseconds) / 1000 }

    var description: String { duration.description }

    private static func parse(_ text: String) -> WorkflowDuration? {
        if let duration = try? WorkflowDuration(parsing: text) { return duration }
        // Seconds: digits, optionally a point and up to three more digits.
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 12, whole.allSatisfy(\.isASCIIDigitCharacter),
            let seconds = Int64(whole)
        else { return nil }
        var milliseconds = seconds * 1000
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...3).contains(fraction.count), fraction.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
            milliseconds += Int64(fraction + String(repeating: "0", count: 3 - fraction.count))!
        }
        return WorkflowDuration(milliseconds: milliseconds)
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}

/// `--request-timeout`: how long one HTTP request may take.
enum RequestTimeoutRange: DurationRange {
    static let range: ClosedRange<Int64> = 1...3_600_000
}

/// `run --max-wait`: the longest rate-limit or retry wait sat through.
enum MaxWaitRange: DurationRange {
    static let range: ClosedRange<Int64> = 0...(7 * 86_400_000)
}

/// `emulate --timeout-delay`: how long a timeout fault holds its response.
enum TimeoutDelayRange: DurationRange {
    static let range: ClosedRange<Int64> = 0...3_600_000
}

/// `run --wait`: how long to wait for another process's live run of the workflow to end.
enum OwnerWaitRange: DurationRange {
    static let range: ClosedRange<Int64> = 0...86_400_000
}
