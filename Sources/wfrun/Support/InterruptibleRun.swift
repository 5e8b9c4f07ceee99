import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import WorkflowEngine

/// Runs a workflow so that SIGINT and SIGTERM stop it at the next batch boundary (the task is
/// cancelled; committed batches stay committed) instead of killing the process mid-write. An
/// output that cannot be written any more (`wfrun run … 2>&1 | head -1`, a full disk) stops it
/// the same way.
///
/// The process always ends: if it is still alive `stopGrace` seconds after the stop was asked
/// for (a call that does not notice cancellation, such as a database call waiting on a lock), it
/// says so and exits with the signal's code; a second signal exits at once. The run then stays
/// as it was last recorded, resumable.
enum InterruptibleRun {
    /// Seconds between a stop request and the forced exit, unless `$WFRUN_STOP_GRACE_SECONDS`
    /// (a number of seconds, more than 0, at most 3600) says otherwise.
    static let defaultStopGrace: Double = 10
    static let stopGraceVariable = "WFRUN_STOP_GRACE_SECONDS"

    static func perform(
        console: Console, _ body: @escaping @Sendable () async throws -> RunSummary
    ) async throws -> (RunSummary, Int32?) {
        let task = Task { try await body() }
        let stopper = RunStopper(grace: stopGrace(), console: console) { task.cancel() }
        stopper.install()
        let ticker = Task {
            while !Task.isCancelled {
                console.redraw()
                try? await Task.sleep(nanoseconds: 250_000_000)
            }
        }
        // The signal handlers stay installed after the run: closing the store and the services
        // afterwards must not make the process deaf to signals.
        defer { ticker.cancel() }
        do {
            let summary = try await task.value
            return (summary, stopper.signal)
        } catch let error as RunError {
            console.finish()
            FileHandleOutput.standardError.write("wfrun: \(error)\n")
            throw ExitCode(error.exitCode)
        } catch {
            console.finish()
            FileHandleOutput.standardError.write("wfrun: the run could not start: \(error)\n")
            throw ExitCode(1)
        }
    }

    /// The grace period: `$WFRUN_STOP_GRACE_SECONDS` when it is a number in (0, 3600], else 10 s.
    static func stopGrace(environment: [String: String] = ProcessInfo.processInfo.environment) -> Double {
        guard let text = environment[stopGraceVariable], let seconds = Double(text), seconds > 0, seconds <= 3600 else {
            return defaultStopGrace
        }
        return seconds
    }
}

/// Turns SIGINT, SIGTERM and failed output into one cancellation of the run, and guarantees the
/// process ends after it.
private final class RunStopper: Sendable {
    private struct State {
        /// The first signal received.
        var signal: Int32?
        var signals = 0
        var stopping = false
    }

    private let grace: Double
    private let console: Console
    private let cancel: @Sendable () -> Void
    private let state = Mutex(State())

    init(grace: Double, console: Console, cancel: @escaping @Sendable () -> Void) {
        self.grace = grace
        self.console = console
        self.cancel = cancel
    }

    /// The first signal received, if any.
    var signal: Int32? { state.withLock { $0.signal } }

    func install() {
        SignalRelay.install([SIGINT, SIGTERM]) { [self] number in received(number) }
        // The handler may run while the writer holds the console's lock: work elsewhere.
        FileHandleOutput.onFailure { [self] _ in
            DispatchQueue.global().async { self.outputFailed() }
        }
    }

    private func received(_ number: Int32) {
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        let code: Int32 = number == SIGINT ? 130 : 143
        let (count, first) = state.withLock { state in
            state.signals += 1
            state.signal = state.signal ?? number
            let first = !state.stopping
            state.stopping = true
            return (state.signals, first)
        }
        if count > 1 {
            FileHandleOutput.standardError.write("wfrun: a second signal (\(name)), exiting now; run again to resume\n")
            _exit(code)
        }
        console.write("wfrun: stopping at the next batch boundary (\(name)); run again to resume")
        cancel()
        if first { exitAfterGrace(code: code, cause: name) }
    }

    private func outputFailed() {
        let first = state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        // Nothing is said here: Wfrun.main reports the failure once, at exit, and the run's
        // summary (on standard error, if that still works) shows it interrupted.
        cancel()
        exitAfterGrace(code: 1, cause: "the output failure")
    }

    private func exitAfterGrace(code: Int32, cause: String) {
        let grace = grace
        DispatchQueue.global().asyncAfter(deadline: .now() + grace) {
            FileHandleOutput.standardError.write(
                "wfrun: the run did not stop within \(Self.seconds(grace)) of \(cause) (a call that cannot be interrupted is still running); exiting now; run again to resume\n")
            _exit(code)
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
