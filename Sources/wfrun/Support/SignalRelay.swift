import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Hands signals to Swift handlers, effective the moment `install` returns.
///
/// libdispatch's signal sources register later, on its manager thread, and needed the signal
/// ignored until then: a SIGTERM sent right after a command said it was ready could meet SIG_IGN
/// and be lost. Here a C handler is installed at once; it writes the signal's number to a pipe,
/// and one thread reads the pipe and calls the handlers. That thread blocks no signal, so some
/// thread always takes a signal even where every other one blocks it (libdispatch's workers do).
enum SignalRelay {
    /// Calls `handler` (on the relay's thread) for each of `numbers` received from now on, as
    /// well as the handlers installed before.
    static func install(_ numbers: [Int32], _ handler: @escaping @Sendable (Int32) -> Void) {
        let relay = Relay.shared
        // Without a pipe (no descriptor left), the signals keep their default action: they still
        // end the process, only without the orderly stop.
        guard relay.running else { return }
        relay.handlers.withLock { handlers in
            for number in numbers { handlers[number, default: []].append(handler) }
        }
        for number in numbers {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(relayWriteEnd, &byte, 1)
                errno = saved
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    private final class Relay: Sendable {
        static let shared = Relay()
        let handlers = Mutex<[Int32: [@Sendable (Int32) -> Void]]>([:])
        let running: Bool

        private init() {
            var ends: [Int32] = [-1, -1]
            running = pipe(&ends) == 0
            guard running else { return }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            // A full pipe (thousands of signals unread) drops the newest rather than blocking
            // the handler.
            _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
            relayWriteEnd = ends[1]
            let readEnd = ends[0]
            let thread = Thread { [self] in
                var none = sigset_t()
                sigemptyset(&none)
                pthread_sigmask(SIG_SETMASK, &none, nil)
                var byte: UInt8 = 0
                while true {
                    let count = read(readEnd, &byte, 1)
                    if count == 1 {
                        let number = Int32(byte)
                        for handler in handlers.withLock({ $0[number] ?? [] }) { handler(number) }
                    } else if count < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
            thread.name = "wfrun-signals"
            thread.start()
        }
    }
}

/// The pipe's write end, set once before any handler that reads it is installed. A global rather
/// than a property: the C handler can capture nothing.
nonisolated(unsafe) private var relayWriteEnd: Int32 = -1
