import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium driven through chromedriver's W3C WebDriver protocol (JSON over HTTP): the
/// console's browser tests. Blocking calls: use it on a thread of its own (`onOwnThread`).
final class WebDriver {
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"

    /// Why the browser tests cannot run here, or nil when they can.
    static var unavailable: String? {
        for path in [chromium, chromedriver] where !FileManager.default.isExecutableFile(atPath: path) {
            return "\(path) is missing (Debian's chromium and chromium-driver packages; .ci/run installs them)"
        }
        return nil
    }

    private let driver: Process
    private let base: String
    let session: String

    init(windowWidth: Int = 1360, windowHeight: Int = 900) throws {
        let port = try LoopbackPort.free()
        let driver = Process()
        driver.executableURL = URL(fileURLWithPath: Self.chromedriver)
        driver.arguments = ["--port=\(port)"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        self.driver = driver
        base = "http://127.0.0.1:\(port)"
        let deadline = Date().addingTimeInterval(20)
        var ready = false
        while Date() < deadline && !ready {
            ready = ((try? Self.call("GET", base + "/status", nil))?["value"] as? [String: Any])?["ready"] as? Bool == true
            if !ready { usleep(100_000) }
        }
        guard ready else {
            kill(driver.processIdentifier, SIGKILL)
            driver.waitUntilExit()
            throw WebDriverError(message: "chromedriver did not answer on port \(port) within 20 s")
        }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": Self.chromium,
                        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                 "--window-size=\(windowWidth),\(windowHeight)", "--lang=en-US"],
                    ],
                ]
            ]
        ]
        do {
            let answer = try Self.call("POST", base + "/session", capabilities, timeout: 60)
            guard let value = answer["value"] as? [String: Any], let id = value["sessionId"] as? String else {
                throw WebDriverError(message: "no session: \(answer)")
            }
            session = id
        } catch {
            kill(driver.processIdentifier, SIGKILL)
            driver.waitUntilExit()
            throw error
        }
    }

    deinit {
        // Closing the session ends Chromium; chromedriver is then killed outright (it may
        // ignore SIGTERM while it tears a browser down).
        _ = try? Self.call("DELETE", "\(base)/session/\(session)", nil, timeout: 20)
        kill(driver.processIdentifier, SIGKILL)
        driver.waitUntilExit()
    }

    // MARK: Commands

    func open(_ url: String) throws { _ = try command("POST", "url", ["url": url]) }

    var currentURL: String { get throws { try command("GET", "url", nil) as? String ?? "" } }
    var title: String { get throws { try command("GET", "title", nil) as? String ?? "" } }

    /// The first element matching a CSS selector.
    func element(_ selector: String) throws -> Element {
        let value = try command("POST", "element", ["using": "css selector", "value": selector])
        guard let object = value as? [String: Any], let id = object.values.first as? String else {
            throw WebDriverError(message: "no element \(selector)")
        }
        return Element(driver: self, id: id)
    }

    /// Every element matching a CSS selector.
    func elements(_ selector: String) throws -> [Element] {
        let value = try command("POST", "elements", ["using": "css selector", "value": selector])
        return (value as? [[String: Any]] ?? []).compactMap { $0.values.first as? String }.map { Element(driver: self, id: $0) }
    }

    /// Waits until `selector` matches an element (at most `seconds`).
    @discardableResult
    func waitFor(_ selector: String, seconds: Double = 20) throws -> Element {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let found = try? element(selector) { return found }
            guard Date() < deadline else { throw WebDriverError(message: "\(selector) did not appear within \(seconds) s on \((try? currentURL) ?? "?")") }
            usleep(100_000)
        }
    }

    /// Clicks `selector`, which leads to another page (a link, or a form's button), and waits
    /// until that page has loaded: a new document whose `readyState` is complete (at most
    /// `seconds`). A click only starts a navigation, so the old page can still be there when it
    /// returns, and an element both pages have would be found on the old one.
    func follow(_ selector: String, seconds: Double = 20) throws {
        _ = try execute("window.wfrunLeftPage = true")
        try element(selector).click()
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let loaded = try? execute("return window.wfrunLeftPage === undefined && document.readyState === 'complete'") as? Bool
            if loaded == true { return }
            guard Date() < deadline else {
                throw WebDriverError(message: "clicking \(selector) loaded no new page within \(seconds) s; still on \((try? currentURL) ?? "?")")
            }
            usleep(50_000)
        }
    }

    /// Runs `script` in the page (a function body; `arguments[0]`… are `args`) and returns its value.
    func execute(_ script: String, _ args: [Any] = []) throws -> Any? {
        try command("POST", "execute/sync", ["script": script, "args": args])
    }

    /// Runs `script`, which calls `arguments[arguments.length - 1](value)` when done.
    func executeAsync(_ script: String, _ args: [Any] = []) throws -> Any? {
        try command("POST", "execute/async", ["script": script, "args": args])
    }

    /// The page's HTML.
    var pageSource: String { get throws { try command("GET", "source", nil) as? String ?? "" } }

    /// The browser's cookies for the page.
    func cookies() throws -> [[String: Any]] { try command("GET", "cookie", nil) as? [[String: Any]] ?? [] }

    /// A PNG of the window, written to `path`.
    func screenshot(to path: String) throws {
        guard let text = try command("GET", "screenshot", nil) as? String, let data = Data(base64Encoded: text) else {
            throw WebDriverError(message: "no screenshot")
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Resizes the window (a full-page screenshot: the page's height).
    func setWindow(width: Int, height: Int) throws { _ = try command("POST", "window/rect", ["width": width, "height": height]) }

    struct Element {
        let driver: WebDriver
        let id: String

        func click() throws { _ = try driver.command("POST", "element/\(id)/click", [:]) }
        func type(_ text: String) throws { _ = try driver.command("POST", "element/\(id)/value", ["text": text]) }
        func clear() throws { _ = try driver.command("POST", "element/\(id)/clear", [:]) }
        var text: String { get throws { try driver.command("GET", "element/\(id)/text", nil) as? String ?? "" } }
        func attribute(_ name: String) throws -> String? { try driver.command("GET", "element/\(id)/attribute/\(name)", nil) as? String }
    }

    // MARK: Wire

    @discardableResult
    func command(_ method: String, _ path: String, _ body: [String: Any]?) throws -> Any? {
        let answer = try Self.call(method, "\(base)/session/\(session)/\(path)", body, timeout: 60)
        if let value = answer["value"] as? [String: Any], let error = value["error"] as? String {
            throw WebDriverError(message: "\(method) \(path): \(error): \(value["message"] as? String ?? "")")
        }
        return answer["value"]
    }

    private static func call(_ method: String, _ url: String, _ body: [String: Any]?, timeout: Double = 10) throws -> [String: Any] {
        guard let parsed = URLComponents(string: url), let port = parsed.port else { throw WebDriverError(message: "bad URL \(url)") }
        let text = try body.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let answer = try ConsoleClient(port: port).send(
            method, parsed.path, headers: text == nil ? [:] : ["Content-Type": "application/json; charset=utf-8"], body: text, timeout: Int(timeout))
        let data = Data(answer.body.utf8)
        return (try JSONSerialization.jsonObject(with: data.isEmpty ? Data("{}".utf8) : data)) as? [String: Any] ?? [:]
    }
}

struct WebDriverError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
