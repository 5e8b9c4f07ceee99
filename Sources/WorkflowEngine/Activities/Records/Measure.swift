import WorkflowModel

/// One `<measure name function value>` of an `aggregate`.
struct Measure: Sendable {
    /// The functions a measure can compute.
    enum Function: String, Sendable, CaseIterable {
        case count, sum, min, max, avg
    }

    /// The output field.
    let name: String
    let function: Function
    /// The value measured; nil only for `count` (which then counts records).
    let value: RecordExpression?
}

/// A measure's running state for one group: constant memory whatever the number of records.
struct MeasureAccumulator: Sendable {
    let function: Measure.Function
    /// Values counted (records, for a `count` without value).
    private var count = 0
    private var integerSum: Int64 = 0
    private var numberSum = 0.0
    /// Set once a sum has a number in it, or overflowed the int range.
    private var sumIsNumber = false
    private var extreme: ExpressionValue?

    init(_ function: Measure.Function) {
        self.function = function
    }

    /// Adds one record's value (`nil` for a `count` without value); `null` values are skipped
    /// except by a `count` without value. Throws, leaving the state as it was, for a value the
    /// function cannot take.
    mutating func add(_ value: ExpressionValue?) throws(EvaluationError) {
        guard let value else {
            count += 1
            return
        }
        if value == .null { return }
        switch function {
        case .count:
            break
        case .sum, .avg:
            try addToSum(value)
        case .min, .max:
            if let current = extreme {
                let order = try Self.compare(value, current, function: function)
                if function == .min ? order < 0 : order > 0 { extreme = value }
            } else {
                _ = try Self.compare(value, value, function: function)
                extreme = value
            }
        }
        count += 1
    }

    private mutating func addToSum(_ value: ExpressionValue) throws(EvaluationError) {
        switch value {
        case .int(let int):
            numberSum += Double(int)
            if !sumIsNumber {
                let (sum, overflow) = integerSum.addingReportingOverflow(int)
                if overflow { sumIsNumber = true } else { integerSum = sum }
            }
        case .number(let number):
            numberSum += number
            sumIsNumber = true
        default:
            throw EvaluationError(.type, "cannot compute the \(function.rawValue) of \(value); it takes ints and numbers", at: 0)
        }
    }

    /// The measure of the group.
    var result: ExpressionValue {
        switch function {
        case .count: .int(Int64(count))
        case .sum: count == 0 ? .null : (sumIsNumber ? .number(numberSum) : .int(integerSum))
        case .avg: count == 0 ? .null : .number(numberSum / Double(count))
        case .min, .max: extreme ?? .null
        }
    }

    /// Orders two values a `min` or `max` can compare: ints and numbers together, strings
    /// together (dates and timestamps are ISO text, so they order as text).
    private static func compare(_ lhs: ExpressionValue, _ rhs: ExpressionValue, function: Measure.Function) throws(EvaluationError) -> Int {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .number), (.number, .int), (.number, .number):
            let a = GroupKeyOrder.double(lhs)!, b = GroupKeyOrder.double(rhs)!
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.int, _), (.number, _), (.string, _):
            throw EvaluationError(.type, "cannot compute the \(function.rawValue) of \(lhs) and \(rhs): they do not compare", at: 0)
        default:
            throw EvaluationError(.type, "cannot compute the \(function.rawValue) of \(lhs); it takes ints, numbers and strings", at: 0)
        }
    }
}

/// The order of group keys in an aggregate's output: `null` first, then booleans, numbers,
/// strings, arrays and objects; values of one type in their natural order.
enum GroupKeyOrder {
    /// True when `lhs` sorts before `rhs`, comparing the values one by one.
    static func precedes(_ lhs: [ExpressionValue], _ rhs: [ExpressionValue]) -> Bool {
        for (a, b) in zip(lhs, rhs) {
            let order = compare(a, b)
            if order != 0 { return order < 0 }
        }
        return lhs.count < rhs.count
    }

    static func compare(_ lhs: ExpressionValue, _ rhs: ExpressionValue) -> Int {
        let (rankA, rankB) = (rank(lhs), rank(rhs))
        if rankA != rankB { return rankA < rankB ? -1 : 1 }
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)):
            return a == b ? 0 : (a ? 1 : -1)
        case (.int(let a), .int(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        default:
            if let a = double(lhs), let b = double(rhs), a != b { return a < b ? -1 : 1 }
            let (a, b) = (lhs.json, rhs.json)
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }

    private static func rank(_ value: ExpressionValue) -> Int {
        switch value {
        case .null: 0
        case .bool: 1
        case .int, .number: 2
        case .string: 3
        case .array: 4
        case .object: 5
        }
    }

    /// An int or a number as a double.
    static func double(_ value: ExpressionValue) -> Double? {
        switch value {
        case .int(let int): Double(int)
        case .number(let number): number
        default: nil
        }
    }
}
