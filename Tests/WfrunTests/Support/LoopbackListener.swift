import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 and an ephemeral port that never answers: a hostile fixture points
/// its DTD or entity at it, and after wfrun has exited the test asks whether anything connected.
/// The kernel completes a connection's handshake into the backlog without `accept`, so a connection
/// attempted at any time while the listener was open is still there to be counted afterwards.
final class LoopbackListener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        guard let descriptor = LoopbackPort.bound(to: 0) else {
            throw ProcessLaunchError(description: "bind on 127.0.0.1 failed: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        guard listen(descriptor, 16) == 0, let port = LoopbackPort.number(of: descriptor) else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw ProcessLaunchError(description: "listen on 127.0.0.1 failed: \(reason)")
        }
        self.descriptor = descriptor
        self.port = UInt16(port)
    }

    deinit { close(descriptor) }

    /// Accepts (without blocking) every connection waiting, and returns how many there were.
    func acceptedConnections() -> Int {
        var count = 0
        while true {
            let connection = accept(descriptor, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return count
            }
            close(connection)
            count += 1
        }
    }

    /// `http://127.0.0.1:PORT/NAME`
    func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }
}
