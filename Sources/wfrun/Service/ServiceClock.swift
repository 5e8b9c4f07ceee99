import Foundation
import WorkflowModel

/// The scheduler's time: the store's clock (the server's on PostgreSQL), shifted by a test offset
/// when `$WFRUN_TEST_NOW` is set. Only tests set it: `WFRUN_TEST_NOW=2027-03-25T07:29:58+01:00`
/// makes the process believe it starts at that instant and lets time run from there, so that an
/// end-to-end test sees "Thursday 07:30" fire two seconds later without waiting a week. Leases and
/// heartbeats keep the real clock.
struct ServiceClock: Sendable {
    static let variable = "WFRUN_TEST_NOW"

    /// Seconds added to the real clock.
    let offset: Double

    /// The clock `environment` asks for.
    /// - Throws: a message when `$WFRUN_TEST_NOW` is set but is not an ISO-8601 instant.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ServiceClockError) {
        guard let text = environment[Self.variable], !text.isEmpty else {
            offset = 0
            return
        }
        guard let instant = ISOTimestamp(parsing: text, zoneless: .refused) else { throw ServiceClockError(text: text) }
        offset = instant.date.timeIntervalSinceNow
    }

    /// The scheduler's instant for a real instant.
    func shifted(_ real: Date) -> Date { real.addingTimeInterval(offset) }
    /// The real instant for a scheduler's instant.
    func real(_ shifted: Date) -> Date { shifted.addingTimeInterval(-offset) }
}

/// `$WFRUN_TEST_NOW` is not an instant.
struct ServiceClockError: Error, CustomStringConvertible {
    let text: String
    var description: String {
        "\(ServiceClock.variable) must be an ISO-8601 instant with its offset, such as 2027-03-25T07:29:58+01:00, got '\(text)'"
    }
}
