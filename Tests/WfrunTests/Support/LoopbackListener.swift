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
        let socketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let descriptor = socket(AF_INET, socketType, 0)
        guard descriptor >= 0 else { throw ProcessLaunchError(description: "socket failed: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw ProcessLaunchError(description: "bind/listen on 127.0.0.1 failed: \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: actual.sin_port)
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
