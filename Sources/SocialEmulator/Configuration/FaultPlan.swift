import Foundation

/// Which faults an emulator injects, and how often: each API request draws one (or none) from
/// the seed and its sequence number, so a run with the same seed meets the same faults.
public struct FaultPlan: Sendable, Hashable {
    /// A failure the emulator can simulate.
    public enum Fault: String, Sendable, Hashable, CaseIterable {
        /// X: 503 "Over capacity" (code 130); Graph: 500 transient error (code 2).
        case serviceUnavailable = "503"
        /// The response is held `timeoutFaultDelay` seconds (clients time out first).
        case timeout
        /// The response body is cut in half: it is not valid JSON.
        case badJSON = "badjson"
        /// The connection is reset (TCP RST) without any response.
        case reset
        /// Sends only (a post, a direct message): the send is recorded, then its answer is held
        /// `slowSendDelay` seconds, so a client killed meanwhile never learns it succeeded.
        /// Other requests drawing it are served normally.
        case slowSend = "slowsend"
    }

    /// Percent of API requests (0–100) that meet each fault.
    public private(set) var percentages: [Fault: Double]

    /// No faults.
    public static let none = FaultPlan(percentages: [:])

    /// Creates a plan; the percentages must add up to at most 100.
    public init(percentages: [Fault: Double]) {
        self.percentages = percentages.filter { $0.value > 0 }
    }

    /// Whether the plan injects nothing.
    public var isEmpty: Bool { percentages.isEmpty }

    /// Reads `503:5%,timeout:1%,badjson:1%,reset:1%,slowsend:10%` (an empty text is no faults).
    public static func parse(_ text: String) throws -> FaultPlan {
        var percentages: [Fault: Double] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw EmulatorConfigurationError.invalidFaults(text, reason: "'\(item)' is not KIND:PERCENT%")
            }
            let name = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            guard let fault = Fault(rawValue: name) else {
                throw EmulatorConfigurationError.invalidFaults(text, reason: "unknown fault '\(parts[0])'")
            }
            var amount = parts[1].trimmingCharacters(in: .whitespaces)
            guard amount.hasSuffix("%") else {
                throw EmulatorConfigurationError.invalidFaults(text, reason: "'\(parts[1])' is not a percentage (missing %)")
            }
            amount.removeLast()
            guard let percent = Double(amount), percent.isFinite, (0...100).contains(percent) else {
                throw EmulatorConfigurationError.invalidFaults(text, reason: "'\(parts[1])' is not a percentage between 0% and 100%")
            }
            guard percentages[fault] == nil else {
                throw EmulatorConfigurationError.invalidFaults(text, reason: "'\(name)' is given twice")
            }
            percentages[fault] = percent
        }
        guard percentages.values.reduce(0, +) <= 100 else {
            throw EmulatorConfigurationError.invalidFaults(text, reason: "the percentages add up to more than 100%")
        }
        return FaultPlan(percentages: percentages)
    }

    /// The fault of the API request with this sequence number, if any.
    func fault(forRequest sequence: Int, seed: UInt64) -> Fault? {
        guard !percentages.isEmpty else { return nil }
        var random = SeededRandom(seed: seed, stream: .fault, index: UInt64(sequence))
        let draw = random.unit() * 100
        var threshold = 0.0
        for fault in Fault.allCases {
            threshold += percentages[fault] ?? 0
            if draw < threshold { return fault }
        }
        return nil
    }
}

extension FaultPlan: CustomStringConvertible {
    /// `503:5%,timeout:1%` (or `none`).
    public var description: String {
        guard !isEmpty else { return "none" }
        return Fault.allCases.compactMap { fault in
            percentages[fault].map { "\(fault.rawValue):\($0.rounded() == $0 ? String(Int($0)) : String($0))%" }
        }.joined(separator: ",")
    }
}
