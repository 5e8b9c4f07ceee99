import ArgumentParser
import Foundation
import WorkflowModel

/// The scheduler's time: the store's clock (the server's on PostgreSQL), mapped onto a test
/// timeline when `$WFRUN_TEST_NOW` is set. Only tests set it:
///
/// - `WFRUN_TEST_NOW=2027-03-25T07:29:58+01:00` makes the process believe it starts at that
///   instant, so that "Thursday 07:30" fires two seconds later without waiting a week;
/// - `WFRUN_TEST_EPOCH=1796259200.5` (seconds since 1970, real time) says at which real instant
///   the test instant holds, so that several processes started a moment apart share one
///   timeline (default: when this process starts);
/// - `WFRUN_TEST_SPEED=30` makes scheduler time run 30 times faster (1 to 3600), so a cluster
///   test sees a minute pass every 2 s.
///
/// Leases, heartbeats and the runs themselves keep the real clock.
struct ServiceClock: Sendable {
    static let variable = "WFRUN_TEST_NOW"
    static let epochVariable = "WFRUN_TEST_EPOCH"
    static let speedVariable = "WFRUN_TEST_SPEED"

    /// The test instant, the real instant it holds at, and the speed; nil for the real clock.
    private let mapping: (instant: Date, epoch: Date, speed: Double)?

    /// The clock `environment` asks for.
    /// - Throws: a message when a variable is set but not readable.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ServiceClockError) {
        guard let text = environment[Self.variable], !text.isEmpty else {
            mapping = nil
            return
        }
        guard let instant = ISOTimestamp(parsing: text, zoneless: .refused) else {
            throw ServiceClockError(variable: Self.variable, text: text, expected: "an ISO-8601 instant with its offset, such as 2027-03-25T07:29:58+01:00")
        }
        var epoch = Date()
        if let text = environment[Self.epochVariable], !text.isEmpty {
            guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds < 1e11 else {
                throw ServiceClockError(variable: Self.epochVariable, text: text, expected: "seconds since 1970")
            }
            epoch = Date(timeIntervalSince1970: seconds)
        }
        var speed = 1.0
        if let text = environment[Self.speedVariable], !text.isEmpty {
            guard let value = Double(text), value >= 1, value <= 3600 else {
                throw ServiceClockError(variable: Self.speedVariable, text: text, expected: "a number from 1 to 3600")
            }
            speed = value
        }
        mapping = (instant.date, epoch, speed)
    }

    /// Real seconds for a span of scheduler time.
    func realSeconds(_ seconds: Double) -> Double {
        seconds / (mapping?.speed ?? 1)
    }

    /// The clock the environment asks for, or one clear message and exit 2.
    static func fromEnvironment() throws -> ServiceClock {
        do {
            return try ServiceClock()
        } catch {
            FileHandleOutput.standardError.write("wfrun: \(error)\n")
            throw ExitCode(2)
        }
    }

    /// The scheduler's instant for a real instant.
    func shifted(_ real: Date) -> Date {
        guard let mapping else { return real }
        return mapping.instant.addingTimeInterval(real.timeIntervalSince(mapping.epoch) * mapping.speed)
    }
}

/// A test clock variable is not readable.
struct ServiceClockError: Error, CustomStringConvertible {
    let variable: String
    let text: String
    let expected: String
    var description: String { "\(variable) must be \(expected), got '\(text)'" }
}
