import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ports on 127.0.0.1 for the servers the tests start.
enum LoopbackPort {
    struct NoneFree: Error, CustomStringConvertible {
        let description: String
    }

    /// A port nothing listens on now, the kernel's pick. For a server started once: the kernel
    /// may hand the number to another socket after it is closed, so it is used at once.
    static func free() throws -> Int {
        guard let descriptor = bound(to: 0) else { throw NoneFree(description: "no free port on 127.0.0.1") }
        defer { close(descriptor) }
        guard let port = number(of: descriptor) else { throw NoneFree(description: "getsockname() failed") }
        return port
    }

    /// The port a bound socket has.
    static func number(of descriptor: Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return named == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// A port for a server that must keep its number while it is stopped and started again. It
    /// lies below the kernel's ephemeral range (`/proc/sys/net/ipv4/ip_local_port_range`), so no
    /// outgoing connection of the suite's many can be given it in between, and nothing has it
    /// bound now. A fixed port inside that range was taken by a client socket under load, and the
    /// server then could not listen.
    static func stable() throws -> Int {
        let low = ephemeralLow()
        let range = max(1024, low - 10_000)...(low - 1)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let port = Int.random(in: range, using: &generator)
            if isFree(port) { return port }
        }
        throw NoneFree(description: "no free port on 127.0.0.1 in \(range)")
    }

    /// The first port the kernel hands to outgoing connections (32768 when it cannot be read).
    static func ephemeralLow() -> Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let low = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap { Int($0) } ?? 32_768
        return min(max(low, 2048), 65_535)
    }

    /// Whether a socket can be bound to 127.0.0.1:`port` now.
    static func isFree(_ port: Int) -> Bool {
        guard let descriptor = bound(to: port) else { return false }
        close(descriptor)
        return true
    }

    /// A TCP socket bound to 127.0.0.1:`port` (0: a port the kernel picks), or nil when it cannot
    /// be. Close-on-exec from the start: the suite spawns children from other threads meanwhile.
    static func bound(to port: Int) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }
}
