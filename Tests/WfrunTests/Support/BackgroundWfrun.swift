import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `wfrun` process running on a thread of its own while the test goes on; `outcome()` waits
/// for it (with the process's own time limit as the bound).
final class BackgroundWfrun: @unchecked Sendable {
    // @unchecked: `result` is written once by the thread before `done` is signalled and read
    // only after waiting on `done`.
    private var result: Result<ProcessOutcome, any Error>?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `wfrun ARGUMENTS`; it is killed after `timeout` seconds.
    init(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) {
        let thread = Thread { [self] in
            result = Result { try WfrunProcess.run(arguments, environment: environment, timeout: timeout) }
            done.signal()
        }
        thread.start()
    }

    /// Waits for the process to end and returns how it ended.
    func outcome() throws -> ProcessOutcome {
        done.wait()
        done.signal()
        return try result!.get()
    }
}

/// Polls `condition` every 50 ms until it holds, at most `seconds`: waiting on an event that
/// another process causes, with a bound, never on a guess of how long it takes.
func waitUntil(seconds: Double = 30, _ what: String, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return }
        usleep(50_000)
    }
    throw ProcessLaunchError(description: "gave up after \(seconds) s waiting until \(what)")
}
