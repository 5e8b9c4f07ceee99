import WorkflowModel

/// The Graph API's usage headers and how much the connector slows down because of them.
///
/// Every response carries `X-App-Usage: {"call_count":P,"total_cputime":P,"total_time":P}`
/// (percentages of the app's hourly allowance); page tokens also get `X-Page-Usage` (same
/// shape) and business use cases `X-Business-Use-Case-Usage`
/// (`{"<id>":[{"type":…,"call_count":P,…,"estimated_time_to_regain_access":MINUTES}]}`).
/// The connector looks at the largest percentage of all of them.
enum GraphUsage {
    /// The headers read, by lower-case name.
    static let headers = ["x-app-usage", "x-page-usage", "x-business-use-case-usage"]

    /// The largest usage percentage in the headers, or nil when none is present or readable.
    static func largestPercentage(header: (String) -> String?) -> Double? {
        var largest: Double?
        for name in headers {
            guard let text = header(name), let json = try? JSONReader.value(from: text) else { continue }
            for percentage in percentages(in: json) {
                largest = max(largest ?? percentage, percentage)
            }
        }
        return largest
    }

    /// The wait Facebook announces before access comes back (`estimated_time_to_regain_access`,
    /// in minutes), in seconds; nil when no header announces one.
    static func regainAccessSeconds(header: (String) -> String?) -> Double? {
        var longest: Double?
        for name in headers {
            guard let text = header(name), let json = try? JSONReader.value(from: text) else { continue }
            for minutes in values(named: "estimated_time_to_regain_access", in: json) where minutes > 0 {
                longest = max(longest ?? 0, minutes * 60)
            }
        }
        return longest
    }

    /// The pause before the next request at this usage percentage, in seconds:
    ///
    ///     usage   < 75   75    80    85    90    95    100+
    ///     pause      0    0   0.4   1.6   3.6   6.4   10
    ///
    /// nothing below 75 %, then growing with the square of how far past 75 % the usage is, to
    /// 10 s at 100 % (`10 × ((usage − 75) / 25)²`, capped at 10 s). Slowing down early spreads
    /// the remaining allowance over the rest of the hour instead of hitting the limit (error 4)
    /// and waiting much longer.
    static func pause(forPercentage percentage: Double) -> Double {
        guard percentage > 75 else { return 0 }
        let excess = min(1, (percentage - 75) / 25)
        return (10 * excess * excess * 1000).rounded() / 1000
    }

    /// `call_count`, `total_cputime` and `total_time` wherever they are in a usage header.
    private static func percentages(in json: ExpressionValue) -> [Double] {
        ["call_count", "total_cputime", "total_time"].flatMap { values(named: $0, in: json) }
    }

    /// A JSON number (or a number written as a string) as a `Double`.
    private static func number(_ value: ExpressionValue) -> Double? {
        switch value {
        case .int(let whole): Double(whole)
        case .number(let number): number
        case .string(let text): Double(text)
        default: nil
        }
    }

    /// Every number under `key` in the JSON, at any depth.
    private static func values(named key: String, in json: ExpressionValue) -> [Double] {
        switch json {
        case .object(let object):
            var found: [Double] = []
            for (name, value) in object {
                if name == key, let number = number(value) {
                    found.append(number)
                } else {
                    found += values(named: key, in: value)
                }
            }
            return found
        case .array(let list):
            return list.flatMap { values(named: key, in: $0) }
        default:
            return []
        }
    }
}
