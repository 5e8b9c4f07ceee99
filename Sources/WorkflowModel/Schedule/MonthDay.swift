/// Days of the month, `1`–`31`, as `<monthly days="1 15"/>` lists them. A day a month lacks
/// (the 31st in April) simply does not fire that month.
public enum MonthDay {
    /// The valid days.
    public static let range = 1...31

    /// Parses a list of days separated by spaces or commas (`1 15`, `1,15`), in the order written,
    /// without repeats. An empty list or a bad day is an error at that word.
    public static func parseList(_ text: String) throws(ScheduleError) -> [Int] {
        let tokens = ScheduleToken.split(text)
        guard !tokens.isEmpty else {
            throw ScheduleError("no days given; write days of the month such as '1 15'", at: 0)
        }
        var days: [Int] = []
        for token in tokens {
            guard token.isDigits, let day = Int(token.text), range.contains(day) else {
                throw ScheduleError("'\(token.text)' is not a day of the month; write numbers from 1 to 31", at: token.offset)
            }
            if !days.contains(day) { days.append(day) }
        }
        return days
    }
}
