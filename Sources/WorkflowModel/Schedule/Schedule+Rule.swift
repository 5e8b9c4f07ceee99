extension Schedule {
    /// One rule of a scheduler, as read from its element.
    enum Rule: Sendable, Hashable {
        /// `<daily time="07:00"/>`.
        case daily(TimeOfDay)
        /// `<weekly days="monday thursday" time="07:30"/>`: the days Monday first.
        case weekly([Weekday], TimeOfDay)
        /// `<monthly days="1 15" time="06:00"/>`: the days in increasing order.
        case monthly([Int], TimeOfDay)
        /// `<every minutes="15"/>` or `<every hours="2"/>` (as minutes).
        case every(minutes: Int)
        /// `<cron expression="30 7 * * thu"/>`, with the minutes of the day it fires at, in order.
        case cron(CronExpression, minutesOfDay: [Int])

        /// Reads a rule element; the error says what is wrong with which attribute.
        init(reading setting: ActivitySetting) throws(ScheduleError) {
            func required(_ name: String) throws(ScheduleError) -> String {
                guard let text = setting[name] else { throw ScheduleError("\(name)=\"…\" is missing") }
                return text
            }
            func time() throws(ScheduleError) -> TimeOfDay {
                do { return try TimeOfDay(parsing: try required("time")) } catch { throw ScheduleError("time: \(error.message)", at: error.offset) }
            }
            switch setting.element {
            case "daily":
                self = .daily(try time())
            case "weekly":
                let days: [Weekday]
                do { days = try Weekday.parseList(try required("days")) } catch { throw ScheduleError("days: \(error.message)", at: error.offset) }
                self = .weekly(days.sorted(), try time())
            case "monthly":
                let days: [Int]
                do { days = try MonthDay.parseList(try required("days")) } catch { throw ScheduleError("days: \(error.message)", at: error.offset) }
                self = .monthly(days.sorted(), try time())
            case "every":
                let minutes = setting["minutes"], hours = setting["hours"]
                switch (minutes, hours) {
                case (let text?, nil):
                    self = .every(minutes: try Self.count(text, named: "minutes", in: WorkflowLimits.everyMinutes))
                case (nil, let text?):
                    self = .every(minutes: try Self.count(text, named: "hours", in: WorkflowLimits.everyHours) * 60)
                case (nil, nil):
                    throw ScheduleError("<every> needs minutes=\"…\" or hours=\"…\"")
                case (_?, _?):
                    throw ScheduleError("<every> takes minutes=\"…\" or hours=\"…\", not both; keep one")
                }
            case "cron":
                let cron: CronExpression
                do { cron = try CronExpression(parsing: try required("expression")) } catch {
                    throw ScheduleError("expression: \(error.message)", at: error.offset)
                }
                self = .cron(cron, minutesOfDay: cron.hours.sorted().flatMap { hour in cron.minutes.sorted().map { hour * 60 + $0 } })
            default:
                throw ScheduleError("'\(setting.element)' is not a schedule rule; write daily, weekly, monthly, every or cron")
            }
        }

        private static func count(_ text: String, named name: String, in range: ClosedRange<Int>) throws(ScheduleError) -> Int {
            guard text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let value = Int(text), range.contains(value) else {
                throw ScheduleError("\(name): '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }

        /// The first instant this rule gives strictly after `after` (seconds since 1970), or nil.
        func nextFire(after: Int64, clock: ScheduleClock) -> Int64? {
            switch self {
            case .every(let minutes):
                return clock.nextMultiple(of: Int64(minutes) * 60, after: after)
            case .daily(let time):
                return clock.firstWallTime(after: after) { _ in [time.minutesSinceMidnight] }
            case .weekly(let days, let time):
                return clock.firstWallTime(after: after) { day in days.contains(day.weekday) ? [time.minutesSinceMidnight] : [] }
            case .monthly(let days, let time):
                return clock.firstWallTime(after: after) { day in days.contains(day.day) ? [time.minutesSinceMidnight] : [] }
            case .cron(let cron, let times):
                return clock.firstWallTime(after: after) { day in cron.firesOn(day) ? times : [] }
            }
        }
    }
}

extension CronExpression {
    /// Whether the expression fires on some minute of this day: the month matches and, as Vixie
    /// cron has it, when both day fields are restricted either one matching is enough.
    func firesOn(_ day: ScheduleClock.Day) -> Bool {
        guard months.contains(day.month) else { return false }
        let dayOfMonth = daysOfMonth.contains(day.day)
        let dayOfWeek = daysOfWeek.contains(day.weekday.cronNumber)
        if restrictsDayOfMonth && restrictsDayOfWeek { return dayOfMonth || dayOfWeek }
        return dayOfMonth && dayOfWeek
    }
}
