import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What `wfrun serve` does with its folder and its listener: an invalid file is reported and
/// skipped while the others are served, a fixed one is loaded on SIGHUP, a removed one stops
/// firing; `/healthz` and `/readyz` answer.
@Suite("wfrun serve's folder and listener", .ownThread, .serialized)
struct ServeFolderTests {
    /// `GET path` on 127.0.0.1:port (one request, then the connection closes): the status and the body.
    static func get(port: Int, _ path: String) throws -> (status: Int, body: String) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ProcessLaunchError(description: "socket failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ProcessLaunchError(description: "cannot connect to port \(port)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, body)
    }

    @Test("an invalid file is skipped with its diagnostics, loaded once fixed (SIGHUP), and a removed one stops; the probes answer")
    func folderChangesAndProbes() throws {
        try withTemporaryFolder { root in
            let served = try ServeCommandTests.Served(in: root, count: 3, scheduler: nil)
            let broken = served.folder + "/broken.xml"
            let good = """
                <workflow xmlns="urn:wfrun:workflow:1" name="later">
                  <start name="begin"><next to="done"/></start>
                  <end name="done"/>
                </workflow>
                """
            try good.replacingOccurrences(of: #"<next to="done"/>"#, with: #"<next to="nowhere"/>"#)
                .write(toFile: broken, atomically: true, encoding: .utf8)
            let (server, log) = try served.serve(now: nil)
            let serving = try ServeCommandTests.waitForEvent(log, "serving")
            let invalid = try ServeCommandTests.waitForEvent(log, "invalid")
            #expect(invalid.first?["file"] == broken)
            #expect(invalid.first?["message"]
                == "skipped until fixed: \(broken):2:29: error: <next> goes to 'nowhere', which is not an activity of this workflow [WF021]")
            #expect(ServeCommandTests.events(log).filter { $0["event"] == "loaded" }.map { $0["workflow"] } == ["importVisitors"])

            let port = try #require(serving.first?["listen"]?.split(separator: ":").last.flatMap { Int($0) })
            #expect(try Self.get(port: port, "/healthz") == (200, "ok\n"))
            try waitUntil("the server is ready") { try Self.get(port: port, "/readyz") == (200, "ready\n") }
            #expect(try Self.get(port: port, "/nothing").status == 404)

            try good.write(toFile: broken, atomically: true, encoding: .utf8)
            server.send(SIGHUP)
            let loaded = try ServeCommandTests.waitForEvent(log, "loaded", count: 2)
            #expect(loaded.last?["workflow"] == "later")
            try FileManager.default.removeItem(atPath: broken)
            server.send(SIGHUP)
            let removed = try ServeCommandTests.waitForEvent(log, "removed")
            #expect(removed.first?["workflow"] == "later")
            #expect(removed.first?["message"] == "no longer fires")

            server.send(SIGTERM)
            #expect(server.wait(timeout: 40).exitCode == 0)
        }
    }
}
