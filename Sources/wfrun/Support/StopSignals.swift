import Foundation
import Synchronization

/// SIGTERM and SIGINT asking a long-running command (`serve`, `emulate`) to stop, and SIGHUP when
/// the command wants it. Installed when made: make it before printing that the command is
/// ready, so that a signal sent right after that line stops the command rather than killing it.
/// A second SIGTERM or SIGINT exits at once.
final class StopSignals: Sendable {
    private let state = Mutex<(name: String?, waiter: CheckedContinuation<String, Never>?)>((nil, nil))
    private let onHangUp: (@Sendable () -> Void)?
    private let secondSignal: String
    private let hangUp: Int32

    /// Installs the handlers; `secondSignal` ends the message a second signal prints. The signals
    /// are SIGTERM, SIGINT and SIGHUP but for tests, which cannot send those to their own process.
    init(
        secondSignal: String, onHangUp: (@Sendable () -> Void)? = nil,
        stopOn stops: [Int32] = [SIGTERM, SIGINT], hangUp: Int32 = SIGHUP
    ) {
        self.secondSignal = secondSignal
        self.onHangUp = onHangUp
        self.hangUp = hangUp
        SignalRelay.install(stops + (onHangUp == nil ? [] : [hangUp])) { [self] number in received(number) }
    }

    /// Returns the name of the first SIGTERM or SIGINT, at once if one already came.
    func wait() async -> String {
        await withCheckedContinuation { continuation in
            let known = state.withLock { state -> String? in
                if let name = state.name { return name }
                state.waiter = continuation
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    private func received(_ number: Int32) {
        if number == hangUp {
            onHangUp?()
            return
        }
        let name = Self.name(of: number)
        let (first, waiter) = state.withLock { state -> (Bool, CheckedContinuation<String, Never>?) in
            guard state.name == nil else { return (false, nil) }
            state.name = name
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        guard first else {
            FileHandleOutput.standardError.write("wfrun: a second signal (\(name)), exiting now; \(secondSignal)\n")
            _exit(0)
        }
        waiter?.resume(returning: name)
    }

    /// "SIGTERM", "SIGINT", or "signal N" for a test's own signal.
    static func name(of number: Int32) -> String {
        switch number {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        default: "signal \(number)"
        }
    }
}
