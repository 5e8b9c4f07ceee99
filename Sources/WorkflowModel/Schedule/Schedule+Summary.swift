extension Schedule {
    /// In words: "every Thursday at 07:30 (Europe/Paris)", several rules joined by "; ", the zone
    /// once at the end.
    public var summary: String {
        rules.map(\.summary).joined(separator: "; ") + " (\(timeZoneName))"
    }
}

extension Schedule.Rule {
    /// The rule in words, without the zone: "every Monday and Thursday at 07:30".
    var summary: String {
        switch self {
        case .daily(let time):
            return "every day at \(time)"
        case .weekly(let days, let time):
            return "every \(Self.list(days.map { $0.name.prefix(1).uppercased() + $0.name.dropFirst() })) at \(time)"
        case .monthly(let days, let time):
            return "every month on the \(Self.list(days.map(Self.ordinal))) at \(time)"
        case .every(let minutes):
            if minutes % 60 == 0 {
                return minutes == 60 ? "every hour" : "every \(minutes / 60) hours"
            }
            return minutes == 1 ? "every minute" : "every \(minutes) minutes"
        case .cron(let cron, _):
            return "cron '\(cron.source)'"
        }
    }

    /// "a", "a and b", "a, b and c".
    private static func list(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }

    /// 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, …, 21st, 22nd, 23rd, …, 31st.
    private static func ordinal(_ number: Int) -> String {
        let suffix: String
        switch (number % 10, number % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(number)\(suffix)"
    }
}
