import Foundation
import SocialEmulator
import Testing

/// The consent pages as a person uses them, in headless Chromium against a real `wfrun serve`
/// and the emulator's sign-in pages: consent on X and Facebook (the visitor and the consent row
/// hold exactly the emulated person's fields), a refusal on the network's page (nothing stored),
/// a replayed callback (refused), and a withdrawal (the profile erased, the consent withdrawn).
/// Screenshots go to `.build/console-screenshots/join-*.png`.
@Suite(
    "the consent pages in headless Chromium", .ownThread, .serialized,
    .enabled(if: WebDriver.unavailable == nil, "Chromium or chromedriver is missing (Debian's chromium and chromium-driver packages)"))
struct JoinBrowserTests {
    static func step(_ what: String) {
        FileHandle.standardError.write(Data("join walk: \(what)\n".utf8))
    }

    static func screenshot(_ browser: WebDriver, _ name: String) throws {
        try ConsoleBrowserTests.screenshot(browser, "join-\(name)")
    }

    static func visitors(_ database: String) throws -> String {
        try StoreUpgradeTests.sqlite3(
            database, "SELECT origin, external_id, username, full_name, friends, verified, email, folder FROM visitor ORDER BY id")
    }

    static func consents(_ database: String) throws -> String {
        try StoreUpgradeTests.sqlite3(
            database,
            "SELECT origin, external_id, service, state, fields, method, withdrawn_at IS NULL, given_at, text_version FROM consent ORDER BY external_id")
    }

    /// Serves an empty folder with the sandbox's services and runs `walk` on its own thread.
    static func withServed(
        _ configuration: EmulatorConfiguration, accounts: [String]? = nil, _ walk: @escaping @Sendable (ServedConsole, SocialSandbox, WebDriver) throws -> Void
    ) async throws {
        try await withTemporaryFolder { root in
            let sandbox = try await SocialSandbox.start(configuration, accounts: accounts, in: root)
            let workflows = root.appendingPathComponent("Workflows")
            try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
            do {
                try await onOwnThread {
                    let served = try ServedConsole.start(
                        root: root, folder: workflows.path, database: sandbox.database,
                        extra: ["--services", sandbox.servicesFile, "--privacy-url", "https://example.org/privacy"],
                        environment: sandbox.environment.merging(["WFRUN_TEST_NOW": "2026-12-03T10:00:00Z"]) { _, new in new })
                    defer { _ = served.stop() }
                    Self.step("starting Chromium")
                    let browser = try WebDriver()
                    do {
                        try walk(served, sandbox, browser)
                    } catch {
                        Self.step("stopped by \(error)")
                        throw error
                    }
                    let log = (try String(contentsOfFile: served.log, encoding: .utf8)) + (try String(contentsOfFile: served.log + ".err", encoding: .utf8))
                    for secret in ["oauth_verifier", "oauth_token=", "code=", "access_token", "state="] {
                        #expect(!log.contains(secret), "the serve log holds \(secret)")
                    }
                }
            } catch {
                await sandbox.shutdown()
                throw error
            }
            await sandbox.shutdown()
        }
    }

    @Test("X: consent, the network's page, back: the visitor and the consent hold exactly the person; a replay is refused; a withdrawal erases")
    func xConsentReplayAndWithdrawal() async throws {
        try await Self.withServed(EmulatorConfiguration(seed: 11, followers: 50, pages: 0), accounts: ["wfrun_demo"]) { served, sandbox, browser in
            let base = "http://127.0.0.1:\(served.port)"
            Self.step("the consent page")
            try browser.open(base + "/join/wfrun_demo")
            let account = try #require(sandbox.emulator.dataset.xAccounts.first { $0.screenName == "wfrun_demo" })
            #expect(try browser.title == "\(account.label) · wfrun")
            #expect(try browser.element("h1").text == "Stay in touch with \(account.label)")
            #expect(try browser.element("#fields").text == "Your X user name, display name, follower count and whether your account is verified.")
            #expect(try browser.element("#privacy").attribute("href") == "https://example.org/privacy")
            #expect(try browser.element("#continue").text == "Continue with X")
            try Self.screenshot(browser, "consent")

            Self.step("the emulator's authorize page")
            try browser.element("#continue").click()
            try browser.waitFor("#person")
            #expect(try browser.currentURL.hasPrefix(sandbox.emulator.xBaseURL.absoluteString + "/oauth/authenticate?oauth_token="))
            let id = try #require(try browser.execute("return document.getElementById('person').value") as? String)
            let index = try #require(sandbox.emulator.dataset.userIndex(id: id))
            let person = sandbox.emulator.dataset.user(index: index)
            try Self.screenshot(browser, "x-authorize")
            try browser.element("#allow").click()

            Self.step("back: the thank-you page")
            try browser.waitFor("#thanks")
            let callback = try browser.currentURL
            #expect(callback.hasPrefix(base + "/join/wfrun_demo/callback?state="))
            #expect(try browser.element("#thanks").text == "Thank you, \(person.name)")
            let shared = try browser.execute(
                "return Array.from(document.querySelectorAll('#shared tr')).map(r => r.cells[0].textContent + '=' + r.cells[1].textContent).join('|')")
            #expect(shared as? String
                == "Username=\(person.username)|Full name=\(person.name)|Number of friends=\(person.followersCount)|Verified=\(person.verified ? "yes" : "no")")
            try Self.screenshot(browser, "thanks")
            let folder = account.visitorFolder
            #expect(try Self.visitors(served.database)
                == "Twitter|\(id)|\(person.username)|\(person.name)|\(person.followersCount)|\(person.verified ? 1 : 0)||\(folder)")
            let consent = try Self.consents(served.database)
            #expect(consent.hasPrefix(
                "Twitter|\(id)|wfrun_demo|given|username full_name friends verified|Sign in with X (OAuth 1.0a)|1|2026-12-03T10:00:"), "\(consent)")
            let version = String(consent.split(separator: "|").last ?? "")
            #expect(version.hasPrefix("sha256:") && version.count == 23, "\(version)")
            let text = try StoreUpgradeTests.sqlite3(served.database, "SELECT text FROM consent_text WHERE version = '\(version)'")
            #expect(text.contains("Stay in touch with") && text.contains("What we retrieve"), "\(text)")

            Self.step("a replayed callback")
            let state = try #require(URLComponents(string: callback)?.queryItems?.first { $0.name == "state" }?.value)
            let path = String(callback.dropFirst(base.count))
            let replay = try ConsoleClient(port: served.port).get(path, headers: ["Cookie": "wfrun_join=\(state).whatever"])
            #expect(replay.status == 409)
            #expect(replay.body.contains("This sign-in was completed already; it cannot be used twice."))
            try browser.open(callback)
            #expect(try browser.element("#problem").text == "This sign-in cannot be used")
            #expect(try Self.visitors(served.database).split(separator: "\n").count == 1)

            Self.step("the withdrawal")
            try browser.open(base + "/join/wfrun_demo")
            try browser.open(base + "/join/wfrun_demo/withdraw")
            try Self.screenshot(browser, "withdraw")
            try browser.element("#continue").click()
            try browser.waitFor("#person")
            _ = try browser.execute("document.getElementById('person').value = arguments[0]", [id])
            try browser.element("#allow").click()
            try browser.waitFor("#withdrawn")
            #expect(try browser.element("main").text.contains("Your consent is withdrawn and the profile we retrieved is erased."))
            #expect(try Self.visitors(served.database) == "Twitter|\(id)||||||\(folder)")
            let withdrawn = try Self.consents(served.database)
            #expect(withdrawn.hasPrefix("Twitter|\(id)|wfrun_demo|withdrawn|username full_name friends verified|Sign in with X (OAuth 1.0a)|0|"), "\(withdrawn)")

            Self.step("the counts")
            let metrics = try ConsoleClient(port: served.port).get("/metrics", headers: ["Authorization": "Bearer \(served.token)"]).body
            let counted = metrics.split(separator: "\n").filter { $0.hasPrefix("wfrun_consent_pages_total{") }
            #expect(Set(counted) == [
                #"wfrun_consent_pages_total{outcome="consent",service="wfrun_demo"} 1"#,
                #"wfrun_consent_pages_total{outcome="replay-refused",service="wfrun_demo"} 1"#,
                #"wfrun_consent_pages_total{outcome="withdrawn",service="wfrun_demo"} 1"#,
            ], "\(metrics)")
        }
    }

    @Test("X: cancelling on the network's page stores nothing")
    func xDenied() async throws {
        try await Self.withServed(EmulatorConfiguration(seed: 11, followers: 50, pages: 0), accounts: ["wfrun_demo"]) { served, _, browser in
            let base = "http://127.0.0.1:\(served.port)"
            try browser.open(base + "/join/wfrun_demo")
            try browser.element("#continue").click()
            try browser.waitFor("#person")
            try browser.element("#deny").click()
            try browser.waitFor("#declined")
            #expect(try browser.element("main").text.contains("nothing was shared and nothing was stored"))
            #expect(try Self.visitors(served.database) == "")
            #expect(try Self.consents(served.database) == "")
        }
    }

    @Test("Facebook: consent with the email, consent without it, and a refusal")
    func facebook() async throws {
        try await Self.withServed(EmulatorConfiguration(seed: 11, followers: 10, pages: 1), accounts: []) { served, sandbox, browser in
            let base = "http://127.0.0.1:\(served.port)"
            let page = try #require(sandbox.emulator.dataset.facebookPages.first)
            let people = (0..<2000).map { sandbox.emulator.dataset.person(index: $0) }
            func person(_ id: String) throws -> EmulatedPerson { try #require(people.first { $0.id == id }) }

            Self.step("the consent page")
            try browser.open(base + "/join/\(page.serviceName)")
            #expect(try browser.element("#fields").text == "Your name on Facebook and, if you allow it, your email address.")
            #expect(try browser.element("#continue").text == "Continue with Facebook")
            try browser.element("#continue").click()
            try browser.waitFor("#person")
            try Self.screenshot(browser, "facebook-dialog")
            let first = try person(try #require(try browser.execute("return document.getElementById('person').value") as? String))
            try browser.element("#allow").click()
            try browser.waitFor("#thanks")
            #expect(try Self.visitors(served.database) == "Facebook|\(first.id)||\(first.name)|||\(first.email)|\(page.visitorFolder)")

            Self.step("another person, without the email")
            try browser.open(base + "/join/\(page.serviceName)")
            try browser.element("#continue").click()
            try browser.waitFor("#person")
            _ = try browser.execute("document.getElementById('person').selectedIndex = 1")
            let second = try person(try #require(try browser.execute("return document.getElementById('person').value") as? String))
            try browser.element("#share-email").click()
            try browser.element("#allow").click()
            try browser.waitFor("#thanks")
            #expect(try Self.visitors(served.database).split(separator: "\n").last
                == "Facebook|\(second.id)||\(second.name)||||\(page.visitorFolder)"[...])
            let consents = try Self.consents(served.database).split(separator: "\n").map { $0.split(separator: "|").prefix(6).joined(separator: "|") }
            #expect(Set(consents) == [
                "Facebook|\(first.id)|\(page.serviceName)|given|full_name email|Facebook Login",
                "Facebook|\(second.id)|\(page.serviceName)|given|full_name|Facebook Login",
            ])

            Self.step("a refusal")
            try browser.open(base + "/join/\(page.serviceName)")
            try browser.element("#continue").click()
            try browser.waitFor("#person")
            try browser.element("#deny").click()
            try browser.waitFor("#declined")
            #expect(try Self.consents(served.database).split(separator: "\n").count == 2)

            Self.step("the first person withdraws")
            try browser.open(base + "/join/\(page.serviceName)/withdraw")
            try browser.element("#continue").click()
            try browser.waitFor("#person")
            _ = try browser.execute("document.getElementById('person').value = arguments[0]", [first.id])
            try browser.element("#allow").click()
            try browser.waitFor("#withdrawn")
            #expect(try Self.visitors(served.database).split(separator: "\n").first == "Facebook|\(first.id)||||||\(page.visitorFolder)"[...])
            let states = try Self.consents(served.database).split(separator: "\n").map { $0.split(separator: "|").prefix(4).joined(separator: "|") }
            #expect(Set(states) == [
                "Facebook|\(first.id)|\(page.serviceName)|withdrawn", "Facebook|\(second.id)|\(page.serviceName)|given",
            ])
        }
    }
}
