import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The port a restarted test server keeps is one no outgoing connection can be handed.
struct LoopbackPortTests {
    @Test func aStablePortLiesBelowTheEphemeralRangeAndIsFree() throws {
        let low = LoopbackPort.ephemeralLow()
        let range = try String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)
        #expect(range.hasPrefix("\(low)"), "\(range)")
        for _ in 0..<20 {
            let port = try LoopbackPort.stable()
            #expect(port < low && port >= 1024)
            #expect(LoopbackPort.isFree(port))
        }
    }

    @Test func aPortAListenerHoldsIsNotFree() throws {
        let port = try LoopbackPort.stable()
        let listener = try #require(LoopbackPort.bound(to: port))
        defer { close(listener) }
        #expect(listen(listener, 1) == 0)
        #expect(!LoopbackPort.isFree(port))
        #expect(try LoopbackPort.free() != port)
    }
}
