import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 client over a raw socket, for the console's tests: it never follows
/// redirects and shows every header, so that what the server answers is what the test sees.
struct ConsoleClient {
    let port: Int
    /// `name=value` of the session cookie, once signed in.
    var cookie: String?
    /// The session's CSRF token, once signed in.
    var csrf: String?

    init(port: Int) {
        self.port = port
    }

    struct Answer: CustomStringConvertible {
        let status: Int
        /// Lowercased names; a header sent several times has several values.
        let headers: [String: [String]]
        let body: String

        func header(_ name: String) -> String? { headers[name.lowercased()]?.first }
        var description: String { "\(status) \(headers) \(body.prefix(600))" }
    }

    func get(_ path: String, headers: [String: String] = [:]) throws -> Answer {
        try send("GET", path, headers: headers)
    }

    /// A form POST (`application/x-www-form-urlencoded`).
    func post(_ path: String, form: [String: String], headers: [String: String] = [:]) throws -> Answer {
        let body = form.sorted { $0.key < $1.key }.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try send("POST", path, headers: headers.merging(["Content-Type": "application/x-www-form-urlencoded"]) { given, _ in given }, body: body)
    }

    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil, timeout seconds: Int = 20) throws -> Answer {
        let descriptor = try connection(timeout: seconds)
        defer { close(descriptor) }
        var lines = ["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: close"]
        if let cookie, headers["Cookie"] == nil { lines.append("Cookie: \(cookie)") }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { lines.append("\(name): \(value)") }
        let bytes = Array((body ?? "").utf8)
        if body != nil { lines.append("Content-Length: \(bytes.count)") }
        let request = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + bytes
        _ = request.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[..<count]
            if Self.isComplete(response) { break }
        }
        guard let end = Self.find([13, 10, 13, 10], in: response) else { throw ProcessLaunchError(description: "no HTTP answer from port \(port)") }
        let head = String(decoding: response[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        var payload = Array(response[(end + 4)...])
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: [String]] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased(), default: []].append(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        if fields["transfer-encoding"]?.first == "chunked" { payload = Self.unchunk(payload) }
        return Answer(status: status, headers: fields, body: String(decoding: payload, as: UTF8.self))
    }

    /// Opens a GET whose answer streams (server-sent events): returns once its first bytes came,
    /// with them; `finish` reads the rest until the server closes the connection.
    func openStream(_ path: String) throws -> (descriptor: Int32, start: String) {
        let descriptor = try connection(timeout: 60)
        let text = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(cookie.map { "Cookie: \($0)\r\n" } ?? "")\r\n"
        _ = Array(text.utf8).withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else {
            close(descriptor)
            throw ProcessLaunchError(description: "the stream \(path) sent nothing")
        }
        return (descriptor, String(decoding: buffer[..<count], as: UTF8.self))
    }

    /// The rest of a stream, until the server closes it (or 60 s pass); closes the descriptor.
    static func finish(_ descriptor: Int32) -> String {
        defer { close(descriptor) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// A connected socket to 127.0.0.1:port whose reads give up after `seconds`.
    private func connection(timeout seconds: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ProcessLaunchError(description: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw ProcessLaunchError(description: "cannot connect to port \(port)")
        }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return descriptor
    }

    /// Signs in with `token` as a browser would: the sign-in form, its CSRF token and cookie,
    /// then the session cookie and the CSRF token of the pages.
    mutating func signIn(token: String) throws {
        let form = try get("/login")
        guard let nonce = Self.setCookie("wfrun_login", in: form), let loginCSRF = Self.hiddenCSRF(in: form.body) else {
            throw ProcessLaunchError(description: "no sign-in form: \(form)")
        }
        let answer = try post("/login", form: ["csrf": loginCSRF, "token": token], headers: ["Cookie": "wfrun_login=\(nonce)"])
        guard answer.status == 303, let session = Self.setCookie("wfrun_session", in: answer), !session.isEmpty else {
            throw ProcessLaunchError(description: "sign-in refused: \(answer)")
        }
        cookie = "wfrun_session=\(session)"
        let page = try get("/workflows")
        csrf = Self.hiddenCSRF(in: page.body)
    }

    /// The value a `Set-Cookie` header of `answer` gives `name`.
    static func setCookie(_ name: String, in answer: Answer) -> String? {
        for header in answer.headers["set-cookie"] ?? [] where header.hasPrefix("\(name)=") {
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    /// The first hidden `csrf` field of a page.
    static func hiddenCSRF(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Whether `response` holds its whole body by its Content-Length (a peer that keeps the
    /// connection open is not waited for).
    private static func isComplete(_ response: [UInt8]) -> Bool {
        guard let end = find([13, 10, 13, 10], in: response) else { return false }
        let head = String(decoding: response[..<end], as: UTF8.self).lowercased()
        guard let line = head.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return false }
        return response.count - (end + 4) >= length
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where Array(haystack[index..<(index + needle.count)]) == needle { return index }
        return nil
    }

    private static func unchunk(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = find([13, 10], in: Array(bytes[index...])) else { break }
            let sizeText = String(decoding: bytes[index..<(index + lineEnd)], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = index + lineEnd + 2
            guard start + size <= bytes.count else { break }
            output += bytes[start..<(start + size)]
            index = start + size + 2
        }
        return output
    }
}

/// `wfrun serve` on a folder, for the console's tests: its port, its console token and its log.
struct ServedConsole {
    let root: URL
    let folder: String
    let database: String
    let server: SpawnedWfrun
    let log: String
    let port: Int
    let token: String

    /// Starts `wfrun serve --listen 127.0.0.1:0` on `folder` and `database` and waits until it
    /// listens; the token is read from its standard error (the first start prints it).
    static func start(root: URL, folder: String, database: String, extra: [String] = [], environment: [String: String] = [:]) throws -> ServedConsole {
        let log = root.appendingPathComponent("serve-\(UUID().uuidString.prefix(8)).log").path
        let server = try SpawnedWfrun(
            ["serve", "--workflows", folder, "--db", database, "--listen", "127.0.0.1:0", "--log-format", "json"] + extra,
            standardOutput: .file(log), standardError: .file(log + ".err"), environment: environment)
        let serving = try ServeCommandTests.waitForEvent(log, "serving").first ?? [:]
        guard let listen = serving["listen"], let port = Int(listen.split(separator: ":").last ?? "") else {
            throw ProcessLaunchError(description: "no listen address in \(serving)")
        }
        let errors = (try? String(contentsOfFile: log + ".err", encoding: .utf8)) ?? ""
        guard let token = errors.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { $0.hasPrefix("wfc_") }) else {
            throw ProcessLaunchError(description: "serve printed no console token:\n\(errors)")
        }
        return ServedConsole(root: root, folder: folder, database: database, server: server, log: log, port: port, token: token)
    }

    /// Stops the server (SIGTERM) and returns how it ended.
    func stop() -> SpawnedWfrun.Ending {
        server.send(SIGTERM)
        return server.wait(timeout: 40)
    }
}
