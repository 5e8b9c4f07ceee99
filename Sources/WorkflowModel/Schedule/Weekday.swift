/// A day of the week, numbered the ISO way (Monday is 1, Sunday is 7).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// Monday, `mon`.
    case monday = 1
    /// Tuesday, `tue`.
    case tuesday
    /// Wednesday, `wed`.
    case wednesday
    /// Thursday, `thu`.
    case thursday
    /// Friday, `fri`.
    case friday
    /// Saturday, `sat`.
    case saturday
    /// Sunday, `sun`.
    case sunday

    /// Reads a full name (`thursday`) or a three-letter abbreviation (`thu`), in any case.
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let day = Self.allCases.first(where: { $0.name == lowered || $0.abbreviation == lowered }) else {
            return nil
        }
        self = day
    }

    /// The day from cron's numbering: 0 or 7 is Sunday, 1 Monday, …, 6 Saturday.
    public init?(cronNumber: Int) {
        guard (0...7).contains(cronNumber) else { return nil }
        self = cronNumber == 0 ? .sunday : Weekday(rawValue: cronNumber)!
    }

    /// The day from Foundation's `Calendar` `weekday` component, where 1 is Sunday and 7 Saturday.
    public init?(calendarWeekday: Int) {
        guard (1...7).contains(calendarWeekday) else { return nil }
        self = calendarWeekday == 1 ? .sunday : Weekday(rawValue: calendarWeekday - 1)!
    }

    /// The full lower-case name: `thursday`.
    public var name: String { description }

    /// The three-letter abbreviation: `thu`.
    public var abbreviation: String { String(name.prefix(3)) }

    /// Cron's number for the day: 0 for Sunday, 1 for Monday, …, 6 for Saturday.
    public var cronNumber: Int { self == .sunday ? 0 : rawValue }

    /// The full name.
    public var description: String {
        switch self {
        case .monday: "monday"
        case .tuesday: "tuesday"
        case .wednesday: "wednesday"
        case .thursday: "thursday"
        case .friday: "friday"
        case .saturday: "saturday"
        case .sunday: "sunday"
        }
    }

    /// Parses a list of days separated by spaces or commas (`monday thursday`, `mon,thu`), in the
    /// order written, without repeats. An empty list or an unknown name is an error at that word.
    public static func parseList(_ text: String) throws(ScheduleError) -> [Weekday] {
        let tokens = ScheduleToken.split(text)
        guard !tokens.isEmpty else {
            throw ScheduleError("no days given; write day names such as 'monday thursday'", at: 0)
        }
        var days: [Weekday] = []
        for token in tokens {
            guard let day = Weekday(name: token.text) else {
                let suggestion = NameSuggestion.closest(to: token.text, in: allCases.map(\.name))
                let advice = suggestion.map { "did you mean '\($0)'?" } ?? "write monday … sunday or mon … sun"
                throw ScheduleError("'\(token.text)' is not a day of the week; \(advice)", at: token.offset)
            }
            if !days.contains(day) { days.append(day) }
        }
        return days
    }

    /// Monday first, Sunday last.
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
