/// One of the five fields of a cron expression: its name for messages, its range, and the names
/// it accepts in place of numbers.
struct CronField: Sendable {
    /// The name messages use: `hour`, `day-of-week`, …
    let name: String
    /// The values the field accepts as numbers.
    let range: ClosedRange<Int>
    /// Names accepted in place of numbers (`jan`, `sun`), lower case, with their value.
    let names: [String: Int]

    static let minute = CronField(name: "minute", range: 0...59, names: [:])
    static let hour = CronField(name: "hour", range: 0...23, names: [:])
    static let dayOfMonth = CronField(name: "day-of-month", range: 1...31, names: [:])
    static let month = CronField(
        name: "month", range: 1...12,
        names: Dictionary(
            uniqueKeysWithValues: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
                .enumerated().map { ($1, $0 + 1) }))
    /// 0 and 7 are both Sunday; `parse` folds 7 into 0.
    static let dayOfWeek = CronField(
        name: "day-of-week", range: 0...7,
        names: Dictionary(
            uniqueKeysWithValues: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].enumerated().map { ($1, $0) }))

    /// Parses the field's text (`*`, `*/n`, `a`, `a-b`, `a-b/n`, comma lists of those) into the set
    /// of values it allows. `offset` is where the field starts in the whole expression, so errors
    /// can point at the bad list item.
    func parse(_ text: String, at offset: Int) throws(ScheduleError) -> Set<Int> {
        var values: Set<Int> = []
        var itemOffset = offset
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !item.isEmpty else {
                throw ScheduleError("\(name) field '\(text)' has an empty list item; remove the extra comma", at: itemOffset)
            }
            values.formUnion(try parseItem(item, at: itemOffset))
            itemOffset += item.unicodeScalars.count + 1
        }
        if self.name == CronField.dayOfWeek.name, values.remove(7) != nil { values.insert(0) }
        return values
    }

    private func parseItem(_ item: String, at offset: Int) throws(ScheduleError) -> Set<Int> {
        let parts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else { throw invalid(item, at: offset) }
        var step = 1
        if parts.count == 2 {
            guard let number = Int(parts[1]), parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber) else {
                throw invalid(item, at: offset)
            }
            guard number >= 1 else {
                throw ScheduleError("\(name) field '\(item)' has a step of \(number); the step must be 1 or more", at: offset)
            }
            step = number
        }
        let bounds: ClosedRange<Int>
        if parts[0] == "*" {
            bounds = range
        } else {
            let ends = parts[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard ends.count <= 2 else { throw invalid(item, at: offset) }
            let low = try value(ends[0], item: item, at: offset)
            let high = ends.count == 2 ? try value(ends[1], item: item, at: offset) : low
            guard low <= high else {
                throw ScheduleError("\(name) field '\(item)' runs backwards; write the smaller value first", at: offset)
            }
            // `a/n` is not standard; only ranges and `*` take a step.
            guard ends.count == 2 || parts.count == 1 else { throw invalid(item, at: offset) }
            bounds = low...high
        }
        return Set(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
    }

    private func value(_ text: String, item: String, at offset: Int) throws(ScheduleError) -> Int {
        if let named = names[text.lowercased()] { return named }
        let isDigits = !text.isEmpty && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        if isDigits {
            guard let number = Int(text), range.contains(number) else {
                throw ScheduleError(
                    "\(name) field '\(text)' is out of range \(range.lowerBound)–\(range.upperBound)", at: offset)
            }
            return number
        }
        // A word that is neither a number nor a known name; anything else is malformed syntax.
        guard text.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { throw invalid(item, at: offset) }
        let expected = names.isEmpty ? "a number" : "a number or a name (\(nameSpan))"
        throw ScheduleError("\(name) field '\(text)' is not \(expected)", at: offset)
    }

    private var nameSpan: String {
        let ordered = names.sorted { $0.value < $1.value }.map(\.key)
        return "\(ordered.first!) … \(ordered.last!)"
    }

    private func invalid(_ item: String, at offset: Int) -> ScheduleError {
        ScheduleError("\(name) field '\(item)' is not valid; write *, */n, a, a-b, a-b/n or a comma list of those", at: offset)
    }
}
