/// A length of time as the workflow language writes it: a whole number and a unit, `250ms`,
/// `10s`, `5m`, `2h`, `1d`. Named so as not to clash with `Swift.Duration`, which
/// `swiftDuration` converts to.
public struct WorkflowDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The units, with their length in milliseconds.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        /// Milliseconds, `ms`.
        case milliseconds = "ms"
        /// Seconds, `s`.
        case seconds = "s"
        /// Minutes, `m`.
        case minutes = "m"
        /// Hours, `h`.
        case hours = "h"
        /// Days of 24 hours, `d`.
        case days = "d"

        /// The unit's length in milliseconds.
        public var milliseconds: Int64 {
            switch self {
            case .milliseconds: 1
            case .seconds: 1_000
            case .minutes: 60_000
            case .hours: 3_600_000
            case .days: 86_400_000
            }
        }
    }

    /// The longest duration wfrun accepts anywhere (a `wait`, a retry's `backoff` or `cap`, a
    /// signal's `timeout`, `--max-wait`): 365 days. Longer ones are refused when they are read, so
    /// no clock, sleep or date computation ever sees a length that overflows it.
    public static let maximum = WorkflowDuration(milliseconds: 365 * 86_400_000)

    /// The length in milliseconds.
    public var milliseconds: Int64

    /// Creates a duration of `milliseconds`.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Creates a duration of `count` units.
    public init(_ count: Int64, _ unit: Unit) {
        self.milliseconds = count * unit.milliseconds
    }

    /// Parses `250ms`, `10s`, `5m`, `2h` or `1d`: digits, then a unit, nothing else.
    public init(parsing text: String) throws(ScheduleError) {
        let scalars = Array(text.unicodeScalars)
        let digitCount = scalars.prefix { ("0"..."9").contains($0) }.count
        let unitText = String(String.UnicodeScalarView(scalars[digitCount...]))
        guard digitCount > 0, let unit = Unit(rawValue: unitText) else {
            throw ScheduleError(
                "'\(text)' is not a valid duration; write a whole number and a unit: 250ms, 10s, 5m, 2h or 1d",
                at: digitCount)
        }
        let count = Int64(String(String.UnicodeScalarView(scalars[..<digitCount])))
        guard let count, case (let product, false) = count.multipliedReportingOverflow(by: unit.milliseconds),
            product <= Self.maximum.milliseconds
        else {
            throw ScheduleError("'\(text)' is longer than \(Self.maximum), the longest duration wfrun accepts; write a shorter one", at: 0)
        }
        self.milliseconds = product
    }

    /// The same length as a `Swift.Duration`, for `Task.sleep(for:)` and clocks.
    public var swiftDuration: Duration { .milliseconds(milliseconds) }

    /// The duration in the largest unit that divides it exactly: `90s`, `2h`, `250ms`.
    public var description: String {
        let unit = Unit.allCases.reversed().first { milliseconds % $0.milliseconds == 0 } ?? .milliseconds
        return "\(milliseconds / unit.milliseconds)\(unit.rawValue)"
    }

    /// Shorter durations first.
    public static func < (lhs: WorkflowDuration, rhs: WorkflowDuration) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }
}
