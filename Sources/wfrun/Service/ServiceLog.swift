import Foundation
import WorkflowModel

/// The server's event lines: one per event (loaded, invalid, fired, skipped, missed, started,
/// resumed, succeeded, failed, interrupted, paused, taken over, stopping), as text for people or
/// as one JSON object per line for log collectors (`--log-format json`).
///
///     2027-03-25T06:30:00.012Z fired     syncTwitter scheduled 2027-03-25T06:30:00Z
///     {"at":"2027-03-25T06:30:00.012Z","event":"fired","workflow":"syncTwitter","scheduled":"2027-03-25T06:30:00Z"}
struct ServiceLog: Sendable {
    enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    let format: Format
    let clock: ServiceClock

    /// Writes one event; `fields` keep their order.
    func event(_ name: String, _ workflow: String? = nil, _ fields: KeyValuePairs<String, String> = [:], message: String? = nil) {
        let at = ISOTimestamp(clock.shifted(Date())).text
        switch format {
        case .text:
            var line = "\(at) \(name.padding(toLength: max(name.count, 11), withPad: " ", startingAt: 0))"
            if let workflow { line += " \(workflow)" }
            for (key, value) in fields { line += " \(key)=\(value)" }
            if let message { line += (workflow == nil && fields.isEmpty ? " " : ": ") + message }
            FileHandleOutput.standardOutput.write(line + "\n")
        case .json:
            var parts = [("at", at), ("event", name)]
            if let workflow { parts.append(("workflow", workflow)) }
            parts += fields.map { ($0.key, $0.value) }
            if let message { parts.append(("message", message)) }
            let body = parts.map { "\(Self.jsonString($0.0)):\(Self.jsonString($0.1))" }.joined(separator: ",")
            FileHandleOutput.standardOutput.write("{\(body)}\n")
        }
    }

    /// A JSON string literal.
    static func jsonString(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
