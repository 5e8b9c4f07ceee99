import Foundation
import SocialEmulator
import Testing

/// The consent pages over raw HTTP against a real `wfrun serve` and the emulator: the page and its
/// headers, the start of a sign-in (the redirect only to the network, the state cookie, the flow
/// stored without a secret), callbacks that do not belong to the browser refused, and the
/// options' mistakes (a template that does not parse, a privacy URL that is not one) refused at
/// start with exit 2.
@Suite(.ownThread, .serialized) struct JoinPagesTests {
    static func withServed(extra: [String] = [], _ body: @escaping @Sendable (ServedConsole, SocialSandbox) throws -> Void) async throws {
        try await withTemporaryFolder { root in
            let sandbox = try await SocialSandbox.start(EmulatorConfiguration(seed: 3, followers: 20, pages: 1), accounts: ["wfrun_demo"], in: root)
            let workflows = root.appendingPathComponent("Workflows")
            try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
            do {
                try await onOwnThread {
                    let served = try ServedConsole.start(
                        root: root, folder: workflows.path, database: sandbox.database, extra: ["--services", sandbox.servicesFile] + extra,
                        environment: sandbox.environment)
                    defer { _ = served.stop() }
                    try body(served, sandbox)
                }
            } catch {
                await sandbox.shutdown()
                throw error
            }
            await sandbox.shutdown()
        }
    }

    @Test func thePageTheStartAndForeignCallbacks() async throws {
        let template = Repository.root.appendingPathComponent("Workflows/examples/join.mustache").path
        try await Self.withServed(extra: ["--join-template", template, "--privacy-url", "https://acme.example/privacy"]) { served, sandbox in
            let client = ConsoleClient(port: served.port)
            let emulator = sandbox.emulator.xBaseURL.absoluteString

            #expect(try client.get("/join/nobody").status == 404)
            let page = try client.get("/join/wfrun_demo")
            #expect(page.status == 200)
            #expect(page.header("Cache-Control") == "no-store")
            #expect(page.header("Content-Security-Policy") == "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
                + "connect-src 'self'; form-action 'self' \(emulator); frame-ancestors 'none'; base-uri 'none'")
            #expect(page.header("X-Frame-Options") == "DENY")
            #expect(page.body.contains("<h1>Join the ACME community</h1>"))
            #expect(page.body.contains("<p>You follow wfrun demo on X. Share your X profile"))
            #expect(!page.body.contains("You like "), "the Facebook section is not shown on X")
            #expect(page.body.contains(#"<a id="privacy" href="https://acme.example/privacy">Our privacy notice</a>"#))
            #expect(page.body.contains(#"<form method="post" action="/join/wfrun_demo">"#))

            // Another site's form is refused before anything starts.
            let forged = try client.post("/join/wfrun_demo", form: [:], headers: ["Origin": "https://evil.example"])
            #expect(forged.status == 403)
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT count(*) FROM signin_flow") == "0")

            let started = try client.post("/join/wfrun_demo", form: [:])
            #expect(started.status == 303)
            let location = try #require(started.header("Location"))
            #expect(location.hasPrefix(emulator + "/oauth/authenticate?oauth_token="), "\(location)")
            let cookie = try #require(started.header("Set-Cookie"))
            #expect(cookie.hasPrefix("wfrun_join="))
            #expect(cookie.hasSuffix("; Path=/join/wfrun_demo/; HttpOnly; SameSite=Lax; Max-Age=600"), "\(cookie)")
            let value = String(cookie.dropFirst("wfrun_join=".count).prefix { $0 != ";" })
            let parts = value.split(separator: ".", maxSplits: 1)
            #expect(parts.count == 2 && parts[0].count == 43, "the state (256 bits) and X's request token secret")
            let flow = try StoreUpgradeTests.sqlite3(
                served.database, "SELECT length(state_hash), service, purpose, request_token IS NOT NULL, used_at IS NULL FROM signin_flow")
            #expect(flow == "64|wfrun_demo|consent|1|1")
            let stored = try StoreUpgradeTests.sqlite3(served.database, "SELECT * FROM signin_flow")
            #expect(!stored.contains(String(parts[0])) && !stored.contains(String(parts[1])), "neither the state nor the secret is stored")

            // A callback that does not belong to this browser: no cookie, or another state.
            let token = String(location.split(separator: "=").last ?? "")
            let callback = "/join/wfrun_demo/callback?state=\(parts[0])&oauth_token=\(token)&oauth_verifier=123"
            let bare = try client.get(callback)
            #expect(bare.status == 400)
            #expect(bare.body.contains("This sign-in was started in another browser, or it took longer than 10 minutes. Nothing was stored."))
            let other = try client.get(callback, headers: ["Cookie": "wfrun_join=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.x"])
            #expect(other.status == 400)
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT used_at IS NULL FROM signin_flow") == "1", "the flow is still unused")
            // The right cookie with a token from elsewhere is refused, and uses the flow up.
            let wrongToken = try client.get(
                "/join/wfrun_demo/callback?state=\(parts[0])&oauth_token=elsewhere&oauth_verifier=123", headers: ["Cookie": "wfrun_join=\(value)"])
            #expect(wrongToken.status == 400)
            #expect(wrongToken.body.contains("X&#39;s answer does not belong to this sign-in.") || wrongToken.body.contains("X's answer does not belong to this sign-in."))
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT count(*) FROM visitor") == "0")
        }
    }

    @Test(arguments: [
        ("<h1>{{#x}}Hello</h1>", "a section is never closed ({{/name}})"),
        ("<h1>{{brand</h1>", "a tag is not closed with }}"),
    ])
    func aTemplateThatDoesNotParseStopsServeAtStart(source: String, message: String) throws {
        try withTemporaryFolder { folder in
            let template = folder.appendingPathComponent("join.mustache").path
            try source.write(toFile: template, atomically: true, encoding: .utf8)
            let outcome = try WfrunProcess.run(
                ["serve", "--workflows", folder.path, "--db", folder.appendingPathComponent("s.sqlite").path, "--listen", "127.0.0.1:0",
                 "--join-template", template], timeout: 30)
            #expect(outcome.exitCode == 2, "\(outcome)")
            #expect(outcome.stderr.hasPrefix("wfrun: \(template):1:"), "\(outcome)")
            #expect(outcome.stderr.hasSuffix(": the join template cannot be read: \(message)\n"), "\(outcome)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome)")
        }
    }

    @Test func aTemplateTooLargeAbsentAFolderOrAPipeAndABadPrivacyURLAreRefused() throws {
        try withTemporaryFolder { folder in
            let large = folder.appendingPathComponent("large.mustache").path
            try String(repeating: "a", count: 64 * 1024 + 1).write(toFile: large, atomically: true, encoding: .utf8)
            let base = ["serve", "--workflows", folder.path, "--db", folder.appendingPathComponent("s.sqlite").path, "--listen", "127.0.0.1:0"]
            let tooLarge = try WfrunProcess.run(base + ["--join-template", large], timeout: 30)
            #expect(tooLarge.exitCode == 2)
            #expect(tooLarge.stderr == "wfrun: \(large): the join template is larger than 64 KiB\n")
            let absent = try WfrunProcess.run(base + ["--join-template", "/nonexistent/join.mustache"], timeout: 30)
            #expect(absent.exitCode == 2)
            #expect(absent.stderr == "wfrun: /nonexistent/join.mustache: cannot read the join template (no such file or directory)\n")
            let folderGiven = try WfrunProcess.run(base + ["--join-template", folder.path], timeout: 30)
            #expect(folderGiven.exitCode == 2)
            #expect(folderGiven.stderr == "wfrun: \(folder.path): the join template is a folder, not a file\n")
            let fifo = folder.appendingPathComponent("join.fifo").path
            #expect(mkfifo(fifo, 0o600) == 0)
            let pipe = try WfrunProcess.run(base + ["--join-template", fifo], timeout: 30)
            #expect(pipe.exitCode == 2, "a named pipe without a writer must not block serve: \(pipe)")
            #expect(pipe.stderr == "wfrun: \(fifo): the join template is a named pipe, not a regular file\n")
            let privacy = try WfrunProcess.run(base + ["--privacy-url", "javascript:alert(1)"], timeout: 30)
            #expect(privacy.exitCode == 2)
            #expect(privacy.stderr.contains("--privacy-url must be an http or https URL with a host, such as https://example.org/privacy, got 'javascript:alert(1)'"), "\(privacy)")
        }
    }
}
