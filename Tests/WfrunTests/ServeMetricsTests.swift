import Foundation
import SocialEmulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `GET /metrics` of a real `wfrun serve`: after a triggered run, Prometheus reads how it ended,
/// how long it took, how late it began, the records of its activities and the deliveries by
/// state; a sync against a rate-limited emulator shows the waits for the window's reset.
@Suite("wfrun serve's /metrics", .ownThread, .serialized)
struct ServeMetricsTests {
    /// `GET path` on 127.0.0.1:port, one request on its own connection: the status line and
    /// headers (as written) and the body.
    static func get(port: Int, _ path: String, token: String?) throws -> (head: String, body: String) {
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
        let authorization = token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(authorization)Connection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[..<count]
        }
        let parts = String(decoding: response, as: UTF8.self).components(separatedBy: "\r\n\r\n")
        return (parts[0], parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// The console token the server printed on its first start (standard error, `log`.err).
    static func token(_ log: String) throws -> String {
        let errors = (try? String(contentsOfFile: log + ".err", encoding: .utf8)) ?? ""
        guard let token = errors.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { $0.hasPrefix("wfc_") }) else {
            throw ProcessLaunchError(description: "no console token in \(log).err")
        }
        return token
    }

    /// The exposition's sample lines (no comments).
    static func samples(_ body: String) -> [String] {
        body.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    @Test("after a triggered run of `serve --sandbox`, /metrics counts it, its duration, its lateness, its records and the deliveries")
    func aTriggeredRunIsCounted() throws {
        try withTemporaryFolder { root in
            let served = try ServeCommandTests.Served(in: root, count: 20, scheduler: nil)
            let log = root.appendingPathComponent("serve.log").path
            let server = try SpawnedWfrun(
                ["serve", "--sandbox", "--listen", "127.0.0.1:0", "--log-format", "json"] + served.store,
                standardOutput: .file(log), standardError: .file(log + ".err"))
            let serving = try ServeCommandTests.waitForEvent(log, "serving")
            let port = try #require(serving.first?["listen"]?.split(separator: ":").last.flatMap { Int($0) })
            let refused = try Self.get(port: port, "/metrics", token: nil)
            #expect(refused.head.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"), "\(refused.head)")
            let token = try Self.token(log)
            let before = try Self.get(port: port, "/metrics", token: token)
            #expect(before.head.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(before.head)")
            #expect(before.head.lowercased().contains("\r\ncontent-type: text/plain; version=0.0.4; charset=utf-8"), "\(before.head)")
            #expect(Self.samples(before.body).contains("wfrun_runs_running 0.0"))
            #expect(!before.body.contains("wfrun_runs_total{"))

            try waitUntil("the server registered") { try served.wfrun(["status", "--nodes"]).stdout.contains("servers:") }
            let trigger = try served.wfrun(["trigger", served.workflow])
            #expect(trigger.exitCode == 0, "\(trigger)")
            _ = try ServeCommandTests.waitForEvent(log, "succeeded")

            let samples = Set(Self.samples(try Self.get(port: port, "/metrics", token: token).body))
            let expected: Set<String> = [
                #"wfrun_runs_total{status="succeeded",workflow="importVisitors"} 1"#,
                #"wfrun_run_duration_seconds_count{workflow="importVisitors"} 1"#,
                #"wfrun_run_duration_seconds_bucket{workflow="importVisitors",le="+Inf"} 1"#,
                #"wfrun_fire_lateness_seconds_count{reason="trigger",workflow="importVisitors"} 1"#,
                #"wfrun_records_total{activity="read",direction="out",workflow="importVisitors"} 20"#,
                #"wfrun_records_total{activity="shape",direction="in",workflow="importVisitors"} 20"#,
                #"wfrun_records_total{activity="shape",direction="out",workflow="importVisitors"} 20"#,
                #"wfrun_records_total{activity="save",direction="in",workflow="importVisitors"} 20"#,
                "wfrun_runs_running 0.0",
                #"wfrun_deliveries{state="pending"} 0.0"#,
                #"wfrun_deliveries{state="sending"} 0.0"#,
                #"wfrun_deliveries{state="sent"} 0.0"#,
                #"wfrun_deliveries{state="failed"} 0.0"#,
                #"wfrun_deliveries{state="unknown"} 0.0"#,
                "wfrun_metrics_store_errors_total 0",
            ]
            #expect(expected.subtracting(samples).isEmpty, "missing: \(expected.subtracting(samples).sorted())\nin:\n\(samples.sorted().joined(separator: "\n"))")
            // The trigger was taken at the next tick, within about a second of being asked for.
            let lateness = try #require(samples.first { $0.hasPrefix(#"wfrun_fire_lateness_seconds_sum{reason="trigger","#) })
            let seconds = try #require(Double(lateness.split(separator: " ").last ?? ""))
            #expect(seconds >= 0 && seconds < 10, "\(lateness)")
            #expect(!samples.contains { $0.hasPrefix("wfrun_runs_total{") && !$0.contains(#"status="succeeded""#) })
            // start and end move no records: no series for them.
            #expect(!samples.contains { $0.contains(#"activity="begin""#) || $0.contains(#"activity="done""#) })

            server.send(SIGTERM)
            #expect(server.wait(timeout: 40).exitCode == 0)
        }
    }

    @Test("a sync against a rate-limited emulator counts the waits for the window's reset and their seconds")
    func rateLimitWaitsAreCounted() async throws {
        try await withTemporaryFolder { root in
            var configuration = EmulatorConfiguration(seed: 3, followers: 3_000, pages: 0)
            // One request per 4 s window: the three pages of followers wait twice for a reset
            // (a window long enough that a loaded machine does not reach the reset on its own).
            configuration.rateLimit = try RateLimit.parse("1/4s")
            let sandbox = try await SocialSandbox.start(configuration, accounts: ["wfrun_demo"], in: root)
            defer { Task { await sandbox.shutdown() } }
            let folder = root.appendingPathComponent("Workflows")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: Repository.root.appendingPathComponent("Workflows/syncTwitter.xml").path,
                toPath: folder.appendingPathComponent("syncTwitter.xml").path)
            let store = ["--workflows", folder.path, "--db", sandbox.database, "--services", sandbox.servicesFile]
            let log = root.appendingPathComponent("serve.log").path
            let server = try SpawnedWfrun(
                ["serve", "--listen", "127.0.0.1:0", "--log-format", "json", "--max-wait", "30s"] + store,
                standardOutput: .file(log), standardError: .file(log + ".err"), environment: sandbox.environment)
            let (trigger, samples) = try await onOwnThread { () throws -> (ProcessOutcome, Set<String>) in
                let serving = try ServeCommandTests.waitForEvent(log, "serving")
                guard let port = serving.first?["listen"]?.split(separator: ":").last.flatMap({ Int($0) }) else {
                    throw ProcessLaunchError(description: "no port in \(serving)")
                }
                try waitUntil("the server registered") {
                    try WfrunProcess.run(["status", "--nodes", "--db", sandbox.database]).stdout.contains("servers:")
                }
                let trigger = try WfrunProcess.run(["trigger", "syncTwitter", "--workflows", folder.path, "--db", sandbox.database])
                guard trigger.exitCode == 0 else { return (trigger, []) }
                _ = try ServeCommandTests.waitForEvent(log, "succeeded", seconds: 90)
                return (trigger, Set(Self.samples(try Self.get(port: port, "/metrics", token: try Self.token(log)).body)))
            }
            #expect(trigger.exitCode == 0, "\(trigger)")
            #expect(ServeCommandTests.events(log).filter { $0["event"] == "paused" }.isEmpty)
            let waits = try #require(samples.first { $0.hasPrefix(#"wfrun_rate_limit_waits_total{outcome="waited",service="wfrun_demo"} "#) })
            #expect(waits == #"wfrun_rate_limit_waits_total{outcome="waited",service="wfrun_demo"} 2"#)
            #expect(!samples.contains { $0.hasPrefix(#"wfrun_rate_limit_waits_total{outcome="paused""#) })
            let waited = try #require(samples.first { $0.hasPrefix(#"wfrun_rate_limit_wait_seconds_total{service="wfrun_demo"} "#) })
            let seconds = try #require(Double(waited.split(separator: " ").last ?? ""))
            // Two waits for a 4 s window that resets on a whole second: each at most 5 s.
            #expect(seconds > 0 && seconds <= 10, "\(waited)")
            #expect(samples.contains(#"wfrun_runs_total{status="succeeded",workflow="syncTwitter"} 1"#))
            #expect(samples.contains(#"wfrun_records_total{activity="followers",direction="out",workflow="syncTwitter"} 3000"#))
            server.send(SIGTERM)
            #expect(server.wait(timeout: 40).exitCode == 0)
        }
    }
}
