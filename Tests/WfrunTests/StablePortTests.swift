import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The port a restarted test server keeps is one no outgoing connection can be handed.
struct StablePortTests {
    @Test func aStablePortLiesBelowTheEphemeralRangeAndIsFree() throws {
        let low = StablePort.ephemeralLow()
        let range = try String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)
        #expect(range.hasPrefix("\(low)"), "\(range)")
        for _ in 0..<20 {
            let port = try StablePort.pick()
            #expect(port < low && port >= 1024)
            #expect(StablePort.isFree(port))
        }
    }

    @Test func aPortAListenerHoldsIsNotFree() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let port = try StablePort.pick()
        address.sin_port = UInt16(port).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(bound == 0)
        #expect(listen(listener, 1) == 0)
        #expect(!StablePort.isFree(port))
    }
}
