import Foundation
import SocialEmulator
import Testing

/// The console as a person uses it, in headless Chromium against a real `wfrun serve` with the
/// emulator: sign in, start syncTwitter, execute it now, watch the run finish live, open its log,
/// browse the visitors and download them as CSV. Each page's screenshot is saved under
/// `.build/console-screenshots/` (`WFRUN_UPDATE_SCREENSHOTS=1` also refreshes the README's, in
/// Docs/).
@Suite(
    "the console in headless Chromium", .ownThread, .serialized,
    .enabled(if: WebDriver.unavailable == nil, "Chromium or chromedriver is missing (Debian's chromium and chromium-driver packages)"))
struct ConsoleBrowserTests {
    static let shots = Repository.root.appendingPathComponent(".build/console-screenshots")

    /// Says on standard error which part of the walk runs (a stuck browser shows where).
    static func step(_ what: String) {
        FileHandle.standardError.write(Data("console walk: \(what)\n".utf8))
    }

    /// Saves the whole page (the window grown to its height) as NAME.png.
    static func screenshot(_ browser: WebDriver, _ name: String) throws {
        let height = (try browser.execute("return document.documentElement.scrollHeight") as? Int) ?? 900
        try browser.setWindow(width: 1360, height: min(max(height + 120, 700), 4000))
        let path = shots.appendingPathComponent("\(name).png").path
        try browser.screenshot(to: path)
        if ProcessInfo.processInfo.environment["WFRUN_UPDATE_SCREENSHOTS"] == "1", name == "workflows" || name == "run" {
            let docs = Repository.root.appendingPathComponent("Docs/console-\(name).png")
            try? FileManager.default.removeItem(at: docs)
            try FileManager.default.copyItem(atPath: path, toPath: docs.path)
        }
        try browser.setWindow(width: 1360, height: 900)
    }

    @Test("sign in, start syncTwitter, execute it now, watch its run finish live, read its log, browse the visitors, download the CSV")
    func journey() async throws {
        try await withTemporaryFolder { root in
            // 6,000 followers a page of 1,000 at a time, one request a second: a run of at least 5 s,
            // so the run page opens while it goes on even on a loaded machine.
            let sandbox = try await SocialSandbox.start(
                EmulatorConfiguration(seed: 7, followers: 6000, pages: 0, rateLimit: RateLimit(requests: 1, window: 1)),
                accounts: ["wfrun_demo"], in: root)
            let workflows = root.appendingPathComponent("Workflows")
            try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: Repository.root.appendingPathComponent("Workflows/syncTwitter.xml"), to: workflows.appendingPathComponent("syncTwitter.xml"))
            let folder = workflows.path
            do {
                try await onOwnThread {
                    do {
                        try Self.walk(root: root, folder: folder, sandbox: sandbox)
                    } catch {
                        Self.step("stopped by \(error)")
                        throw error
                    }
                }
            } catch {
                await sandbox.shutdown()
                throw error
            }
            await sandbox.shutdown()
        }
    }

    private static func walk(root: URL, folder: String, sandbox: SocialSandbox) throws {
        let served = try ServedConsole.start(
            root: root, folder: folder, database: sandbox.database, extra: ["--services", sandbox.servicesFile],
            environment: sandbox.environment)
        defer { _ = served.stop() }
        let base = "http://127.0.0.1:\(served.port)"
        step("starting Chromium")
        let browser = try WebDriver()

        // Signing in.
        step("Signing in")
        try browser.open(base + "/workflows")
        #expect(try browser.currentURL == base + "/login")
        try screenshot(browser, "login")
        try browser.element("#token").type(served.token)
        try browser.follow("#sign-in")
        try browser.waitFor("#workflows")
        #expect(try browser.title == "Workflows · wfrun")
        let row = try browser.element("tr[data-workflow='syncTwitter']")
        #expect(try row.text.contains("syncTwitter"))
        #expect(try browser.element("tr[data-workflow='syncTwitter'] .pill").text == "stopped")
        #expect(try browser.element("tr[data-workflow='syncTwitter']").text.contains("every Thursday at 07:30"))

        // Starting it, then executing it now.
        step("Starting it, then executing it now")
        try browser.follow("#start-syncTwitter")
        try browser.waitFor("#state")
        #expect(try browser.currentURL == base + "/workflows/syncTwitter?done=started")
        #expect(try browser.element("#state").text == "started")
        #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT state, changed_by FROM workflow_control") == "started|console")
        try browser.follow("#trigger")
        try browser.waitFor("#state")

        // The run appears; its page follows it live until it succeeds.
        step("The run appears; its page follows it live until it succeeds")
        let api = ConsoleClient(port: served.port)
        let bearer = ["Authorization": "Bearer \(served.token)"]
        try waitUntil(seconds: 30, "the triggered run starts") {
            try api.get("/api/v1/runs?workflow=syncTwitter&status=running", headers: bearer).header("X-Total-Count") == "1"
        }
        try browser.open(base + "/runs/1")
        let live = try browser.element("main").attribute("data-live-run")
        #expect(live == "1", "the run page opened while the run was going on follows it")
        let linesAtOpen = try browser.elements("#log li").count
        try waitUntil(seconds: 90, "the run page shows the run ended") {
            ["succeeded", "failed", "interrupted"].contains((try? browser.element("#run-status").text) ?? "")
        }
        let detail = try api.get("/api/v1/runs/1", headers: bearer).body
        #expect(try browser.element("#run-status").text == "succeeded", "\(detail)")
        try browser.waitFor("#activities")
        #expect(try browser.elements("#log li").count > linesAtOpen)
        let activities = try browser.element("#activities").text
        #expect(activities.contains("followers"), "\(activities)")
        try waitUntil(seconds: 30, "after the end, the page reloads as a finished run") { (try? browser.element("main").attribute("data-live-run")) == .some(nil) }
        try screenshot(browser, "run")
        let visitors = try StoreUpgradeTests.sqlite3(served.database, "SELECT count(*) FROM visitor")

        // The workflow page: graph coloured by the last run, its source.
        step("The workflow page: graph coloured by the last run, its source")
        try browser.open(base + "/workflows/syncTwitter")
        #expect(try browser.elements("#graph svg .node.state-succeeded").count >= 3)
        try screenshot(browser, "workflow")
        try browser.open(base + "/workflows")
        #expect(try browser.elements("tr[data-workflow='syncTwitter'] .strip a.s-succeeded").count == 1)
        try screenshot(browser, "workflows")

        // The runs, the visitors, the CSV.
        step("The runs, the visitors, the CSV")
        try browser.open(base + "/runs?workflow=syncTwitter")
        #expect(try browser.elements("#runs tbody tr").count == 1)
        try screenshot(browser, "runs")
        try browser.open(base + "/data/visitor")
        #expect(try browser.elements("#rows tbody tr").count == 50)
        try browser.element("input[name=where]").type("verified")
        try browser.follow("form.filters button[type=submit]")
        try browser.waitFor("#rows")
        #expect(try browser.currentURL == base + "/data/visitor?where=verified")
        let verified = try StoreUpgradeTests.sqlite3(served.database, "SELECT count(*) FROM visitor WHERE verified = 1")
        #expect(try browser.elements("#rows tbody tr").count == min(50, Int(verified) ?? -1))
        try screenshot(browser, "data")
        let href = try #require(try browser.element("#csv").attribute("href"))
        #expect(href == "/data/visitor/export.csv?where=verified")
        let csv = try browser.executeAsync(
            "var done = arguments[arguments.length - 1]; fetch(arguments[0]).then(function (r) { return r.text(); }).then(done);",
            [base + "/data/visitor/export.csv"]) as? String ?? ""
        let lines = csv.split(separator: "\r\n")
        #expect(lines.first?.hasPrefix("id,origin,external_id,") == true || lines.first?.contains("external_id") == true, "\(lines.first ?? "")")
        #expect("\(lines.count - 1)" == visitors)
        try browser.open(base + "/services")
        try browser.follow("#check")
        try browser.waitFor("tr[data-service='wfrun_demo']")
        #expect(try browser.element("tr[data-service='wfrun_demo']").text.contains("credentials valid"))
        #expect(!(try browser.pageSource).contains(sandbox.environment["WFRUN_DEMO_X_ACCESS_TOKEN_SECRET"] ?? "-"))
        try screenshot(browser, "services")

        // Signing out ends the session.
        step("Signing out ends the session")
        try browser.follow("#sign-out")
        try browser.waitFor("#token")
        try browser.open(base + "/runs")
        #expect(try browser.currentURL == base + "/login")
    }
}
