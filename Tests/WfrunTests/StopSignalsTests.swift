import Foundation
import Synchronization
import Testing

@testable import wfrun

/// A signal sent the moment a command's handlers are installed is acted on. Before, libdispatch
/// registered its signal sources later, on its own thread, and a signal arriving in between met
/// SIG_IGN and was lost: `wfrun emulate` ran on after a SIGTERM sent right after its banner, in
/// about one start of 100 on a loaded machine.
///
/// The test cannot send SIGTERM or SIGINT to its own process: each round stops on, and hangs up
/// with, two real-time signals of its own (a second stop signal to one instance exits at once).
@Suite struct StopSignalsTests {
    @Test func signalsSentRightAfterInstallingAreActedOn() async throws {
        for round in Int32(0)..<12 {
            let stop = 36 + 2 * round, hangUp = 37 + 2 * round
            let hangUps = Mutex(0)
            let signals = StopSignals(
                secondSignal: "test", onHangUp: { hangUps.withLock { $0 += 1 } }, stopOn: [stop], hangUp: hangUp)
            kill(getpid(), hangUp)
            for _ in 0..<500 where hangUps.withLock({ $0 }) == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
            #expect(hangUps.withLock { $0 } == 1, "round \(round): the hang-up was lost")

            kill(getpid(), stop)
            // A lost signal leaves the waiting task waiting: the test reads what it got instead.
            let name = Mutex<String?>(nil)
            Task { let got = await signals.wait(); name.withLock { $0 = got } }
            for _ in 0..<500 where name.withLock({ $0 }) == nil { try await Task.sleep(nanoseconds: 10_000_000) }
            #expect(name.withLock { $0 } == "signal \(stop)", "round \(round): the stop was lost")
            #expect(hangUps.withLock { $0 } == 1)
        }
    }
}
