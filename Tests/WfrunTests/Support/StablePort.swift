import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A port on 127.0.0.1 for a server that must keep its number while it is stopped and started
/// again. It lies below the kernel's ephemeral range (`/proc/sys/net/ipv4/ip_local_port_range`),
/// so no outgoing connection of the suite's many can be given it in between, and nothing has it
/// bound now. A fixed port inside that range was taken by a client socket under load, and the
/// server then could not listen.
enum StablePort {
    struct NoneFree: Error, CustomStringConvertible {
        let description: String
    }

    static func pick() throws -> Int {
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
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
