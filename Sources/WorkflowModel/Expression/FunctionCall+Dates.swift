/// `date(v)`: the UTC day of a timestamp. A timestamp without a zone, or a bare day, is read
/// as UTC (`ISOTimestamp.ZonelessInput.utc`): the day it names is the day it returns.
extension FunctionCall {
    func date() throws(EvaluationError) -> ExpressionValue {
        let value = arguments[0]
        switch value {
        case .null: return .null
        case .string(let text):
            guard let day = ISOTimestamp(parsing: text, zoneless: .utc)?.day else {
                throw EvaluationError(
                    .conversion, "date() cannot read \(value) as an ISO-8601 timestamp such as 2026-11-27T06:40:00Z",
                    at: offset)
            }
            return .string(day)
        default:
            throw wrongType(0, expected: "an ISO-8601 timestamp string")
        }
    }
}
