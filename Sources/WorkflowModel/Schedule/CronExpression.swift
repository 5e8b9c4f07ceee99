/// A five-field cron expression, `minute hour day-of-month month day-of-week`, as
/// `<cron expression="30 7 * * thu"/>` writes it. Each field is `*`, `*/n`, `a`, `a-b`, `a-b/n` or
/// a comma list of those; months take `jan`…`dec`, days of the week `sun`…`sat` or 0–7 (0 and 7
/// are Sunday).
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text as written.
    public let source: String
    /// Minutes that fire, 0–59.
    public let minutes: Set<Int>
    /// Hours that fire, 0–23.
    public let hours: Set<Int>
    /// Days of the month that fire, 1–31.
    public let daysOfMonth: Set<Int>
    /// Months that fire, 1–12.
    public let months: Set<Int>
    /// Days of the week that fire, in cron numbering: 0 is Sunday, 6 Saturday.
    public let daysOfWeek: Set<Int>
    /// False when the day-of-month field starts with `*`.
    public let restrictsDayOfMonth: Bool
    /// False when the day-of-week field starts with `*`.
    public let restrictsDayOfWeek: Bool

    /// Parses the expression; an error names the field and points at the bad item, or at offset 0
    /// when the number of fields is wrong.
    public init(parsing text: String) throws(ScheduleError) {
        let fields = ScheduleToken.split(text, separators: [])
        guard fields.count == 5 else {
            throw ScheduleError(
                "a cron expression has 5 fields (minute hour day-of-month month day-of-week), got \(fields.count)", at: 0)
        }
        source = text
        minutes = try CronField.minute.parse(fields[0].text, at: fields[0].offset)
        hours = try CronField.hour.parse(fields[1].text, at: fields[1].offset)
        daysOfMonth = try CronField.dayOfMonth.parse(fields[2].text, at: fields[2].offset)
        months = try CronField.month.parse(fields[3].text, at: fields[3].offset)
        daysOfWeek = try CronField.dayOfWeek.parse(fields[4].text, at: fields[4].offset)
        restrictsDayOfMonth = !fields[2].text.hasPrefix("*")
        restrictsDayOfWeek = !fields[4].text.hasPrefix("*")
    }

    /// Whether the expression fires at this minute. When both day fields are restricted, a day
    /// matching either one fires (standard cron); otherwise both must match.
    public func matches(minute: Int, hour: Int, day: Int, month: Int, weekday: Weekday) -> Bool {
        guard minutes.contains(minute), hours.contains(hour), months.contains(month) else { return false }
        let dayOfMonthMatches = daysOfMonth.contains(day)
        let dayOfWeekMatches = daysOfWeek.contains(weekday.cronNumber)
        if restrictsDayOfMonth && restrictsDayOfWeek { return dayOfMonthMatches || dayOfWeekMatches }
        return dayOfMonthMatches && dayOfWeekMatches
    }

    /// The text as written.
    public var description: String { source }
}
