import Foundation
import SocialEmulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Tracked links through `wfrun serve` as a subprocess: `/r/CODE` redirects to the original URL
/// (302, exact Location, never cached) and records the visit's class, crawlers apart; HEAD
/// counts nothing; an unknown or malformed code is a 404 page, never a redirect; and
/// statsTwitter, triggered on the same server, adds the day's visits by people to the post's
/// row of post_stats, beside what X says of it.
@Suite("tracked links through wfrun serve", .ownThread, .serialized)
struct LinkVisitTests {
    /// One HTTP/1.1 exchange on 127.0.0.1:port: the status, the headers (lowercased names) and the body.
    static func request(
        port: Int, _ method: String, _ path: String, userAgent: String? = nil
    ) throws -> (status: Int, headers: [String: String], body: String) {
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
        let agent = userAgent.map { "User-Agent: \($0)\r\n" } ?? ""
        let text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(agent)Connection: close\r\n\r\n"
        _ = Array(text.utf8).withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[..<count]
        }
        let whole = String(decoding: response, as: UTF8.self)
        let parts = whole.components(separatedBy: "\r\n\r\n")
        let lines = (parts.first ?? "").components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    static let browser = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"

    @Test("a visit redirects to the exact URL and is counted once by statsTwitter; a crawler is not counted; an unknown code is 404")
    func aVisitIsRedirectedAndCounted() async throws {
        try await withTemporaryFolder { root in
            let sandbox = try await SocialSandbox.start(EmulatorConfiguration(seed: 5, followers: 10, pages: 0), accounts: ["wfrun_demo"], in: root)
            defer { Task { await sandbox.shutdown() } }
            let account = try #require(sandbox.emulator.dataset.xAccounts.first { $0.screenName == "wfrun_demo" })
            let post = try #require(sandbox.emulator.dataset.posts(of: account).first)
            let folder = root.appendingPathComponent("Workflows")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: Repository.root.appendingPathComponent("Workflows/statsTwitter.xml").path,
                toPath: folder.appendingPathComponent("statsTwitter.xml").path)
            let store = ["--workflows", folder.path, "--db", sandbox.database]
            try await onOwnThread {
                // The store as wfrun makes it, then a published post with one tracked link, as
                // the publish activity records them.
                #expect(try WfrunProcess.run(["stop", "statsTwitter"] + store).exitCode == 0)
                let url = "https://example.com/launch?utm_source=x&lang=fr"
                _ = try StoreUpgradeTests.sqlite3(sandbox.database, """
                    INSERT INTO delivery (id, run, activity, activation, action, connector, service, proof, text_template, created_at) \
                    VALUES (1, 1, 'announce', 1, 'post', 'x', 'wfrun_demo', 0, 'Launch: \(url)', '2027-03-24T08:00:00Z');
                    INSERT INTO delivery_recipient (delivery, recipient, state, remote_id, attempts, text, updated_at) \
                    VALUES (1, 'timeline', 'sent', '\(post.id)', 1, 'Launch: https://go.example.org/r/Ab3dEf9hIj0K', '2027-03-24T08:00:01Z');
                    INSERT INTO tracked_link (code, delivery, url, created_at) VALUES ('Ab3dEf9hIj0K', 1, '\(url)', '2027-03-24T08:00:00Z');
                    """)

                let log = root.appendingPathComponent("serve.log").path
                let server = try SpawnedWfrun(
                    ["serve", "--listen", "127.0.0.1:0", "--log-format", "json", "--services", sandbox.servicesFile,
                     "--public-url", "https://go.example.org"] + store,
                    standardOutput: .file(log), standardError: .file(log + ".err"), environment: sandbox.environment)
                let serving = try ServeCommandTests.waitForEvent(log, "serving")
                let port = try #require(serving.first?["listen"]?.split(separator: ":").last.flatMap { Int($0) })

                let visit = try Self.request(port: port, "GET", "/r/Ab3dEf9hIj0K", userAgent: Self.browser)
                #expect(visit.status == 302)
                #expect(visit.headers["location"] == url)
                #expect(visit.headers["cache-control"] == "no-store")
                // A query says nothing about where to go.
                let queried = try Self.request(port: port, "GET", "/r/Ab3dEf9hIj0K?to=https://evil.example/", userAgent: "curl/8.5.0")
                #expect(queried.status == 302)
                #expect(queried.headers["location"] == url)
                let crawler = try Self.request(port: port, "GET", "/r/Ab3dEf9hIj0K", userAgent: "Twitterbot/1.0")
                #expect(crawler.status == 302)
                #expect(crawler.headers["location"] == url)
                let head = try Self.request(port: port, "HEAD", "/r/Ab3dEf9hIj0K", userAgent: Self.browser)
                #expect(head.status == 302)
                #expect(head.headers["location"] == url)

                for path in ["/r/Unknown00000", "/r/Ab3dEf9hIj0", "/r/Ab3dEf9hIj0K0", "/r/ab3def9hij0k", "/r/Ab3dEf9hIj0K/x", "/r/%2F%2Fevil.example",
                             "/r/" + String(repeating: "A", count: 5000), "/r/https://evil.example"]
                {
                    let refused = try Self.request(port: port, "GET", path, userAgent: Self.browser)
                    #expect(refused.status == 404, "\(path)")
                    #expect(refused.headers["location"] == nil, "\(path)")
                    #expect(refused.body.contains("<h1>Link not found</h1>"), "\(path): \(refused.body)")
                }

                let visits = try StoreUpgradeTests.sqlite3(sandbox.database, "SELECT code, agent, day = substr(at, 1, 10) FROM link_visit ORDER BY id")
                #expect(visits == "Ab3dEf9hIj0K|browser|1\nAb3dEf9hIj0K|tool|1\nAb3dEf9hIj0K|crawler|1")
                let day = try StoreUpgradeTests.sqlite3(sandbox.database, "SELECT DISTINCT day FROM link_visit")

                let trigger = try WfrunProcess.run(["trigger", "statsTwitter"] + store)
                #expect(trigger.exitCode == 0, "\(trigger)")
                do {
                    try waitUntil(seconds: 90, "the run of statsTwitter ends") {
                        ServeCommandTests.events(log).contains { ["succeeded", "failed"].contains($0["event"]) }
                    }
                } catch {
                    Issue.record("\(error): \(ServeCommandTests.events(log)) \((try? String(contentsOfFile: log + ".err", encoding: .utf8)) ?? "")")
                }
                let ended = ServeCommandTests.events(log).filter { ["succeeded", "failed"].contains($0["event"]) }
                #expect(ended.map { $0["event"] } == ["succeeded"], "\(ended)")
                // Counted once: one visit by a person, the tool and the crawler apart; X's own
                // figures on the same row.
                #expect(try StoreUpgradeTests.sqlite3(
                    sandbox.database, "SELECT post_id, day, visits, retweets FROM post_stats WHERE visits IS NOT NULL")
                    == "\(post.id)|\(day)|1|\(post.retweetCount)")
                #expect(try StoreUpgradeTests.sqlite3(sandbox.database, "SELECT count(*) FROM post_stats WHERE visits IS NULL")
                    == "\(sandbox.emulator.dataset.posts(of: account).count - 1)")

                server.send(SIGTERM)
                #expect(server.wait(timeout: 40).exitCode == 0)
            }
        }
    }

    @Test("--public-url and $WFRUN_PUBLIC_URL take only an http(s) URL without a query")
    func publicURLIsValidated() throws {
        let cases: [([String], [String: String], String)] = [
            (["serve", "--public-url", "ftp://go.example.org"], [:],
             "the public URL must be an http or https URL with a host, such as https://links.example.org, got 'ftp://go.example.org'"),
            (["serve", "--public-url", "https://go.example.org/?a=1"], [:],
             "the public URL must have no query or fragment (links are URL/r/CODE), got 'https://go.example.org/?a=1'"),
            (["run", "Workflows/statsTwitter.xml", "--public-url", "go.example.org"], [:],
             "the public URL must be an http or https URL with a host, such as https://links.example.org, got 'go.example.org'"),
            (["run", "Workflows/statsTwitter.xml"], ["WFRUN_PUBLIC_URL": "https://go.example.org#top"],
             "WFRUN_PUBLIC_URL: the public URL must have no query or fragment (links are URL/r/CODE), got 'https://go.example.org#top'"),
        ]
        for (arguments, environment, message) in cases {
            let outcome = try WfrunProcess.run(arguments, environment: environment)
            #expect(outcome.exitCode == 2, "\(outcome)")
            #expect(outcome.stderr.hasPrefix("Error: \(message)\n"), "\(outcome)")
        }
    }
}
