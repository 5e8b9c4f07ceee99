import Foundation
import Testing

/// The console's gates and escaping, over HTTP against a real `wfrun serve`: nothing is shown or
/// done without a session, no action without its CSRF token, and text from workflows, logs and
/// data never becomes markup.
@Suite("the console's security", .ownThread, .serialized)
struct ConsoleSecurityTests {
    static let hostileLabel = #"<script>alert("label")</script>" onmouseover="x"#
    static let hostileName = #"<script>alert("data")</script>" onmouseover='y'"#
    static let hostileLog = #"<script>alert("log")</script>"><img src=x onerror=alert(1)>"#

    /// A folder with importVisitors (its label hostile) run once (a visitor's name and a log
    /// line hostile), served.
    static func served(in root: URL) throws -> ServedConsole {
        let workflows = root.appendingPathComponent("Workflows")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        let path = try ImportFixture.write(in: workflows, count: 3)
        let escapedLabel = hostileLabel.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: #"name="importVisitors">"#, with: #"name="importVisitors" label="\#(escapedLabel)">"#)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let hostileRecord = #"{"id":"666","username":"evil","name":"\#(hostileName.replacingOccurrences(of: "\"", with: "\\\""))","followers":1,"verified":false}"#
        let jsonl = workflows.appendingPathComponent("visitors.jsonl")
        try (try String(contentsOf: jsonl, encoding: .utf8) + hostileRecord + "\n").write(to: jsonl, atomically: true, encoding: .utf8)
        let database = root.appendingPathComponent("console.sqlite").path
        let run = try WfrunProcess.run(["run", path, "--db", database])
        #expect(run.exitCode == 0, "\(run)")
        _ = try StoreUpgradeTests.sqlite3(
            database,
            "INSERT INTO run_log (run, activity, level, message, at) VALUES (1, 'save', 'warning', '\(hostileLog.replacingOccurrences(of: "'", with: "''"))', '2026-12-03T07:00:00Z')")
        return try ServedConsole.start(root: root, folder: workflows.path, database: database)
    }

    static let pages = [
        "/workflows", "/workflows/importVisitors", "/runs", "/runs?workflow=importVisitors&status=succeeded", "/runs/1",
        "/data", "/data/visitor", "/data/visitor?where=verified", "/data/visitor/export.csv", "/services",
    ]
    static let actions = ["/workflows/importVisitors/start", "/workflows/importVisitors/stop", "/workflows/importVisitors/trigger", "/services/check", "/logout"]
    static let reads = [
        "/api/v1/workflows", "/api/v1/workflows/importVisitors", "/api/v1/runs", "/api/v1/runs/1", "/api/v1/tables",
        "/api/v1/data/visitor", "/api/v1/services",
    ]
    static let writes = [
        "/api/v1/workflows/importVisitors/start", "/api/v1/workflows/importVisitors/stop", "/api/v1/workflows/importVisitors/trigger",
        "/api/v1/services/check",
    ]

    @Test("without a session every page leads to sign-in and every action and API call is refused; a bad CSRF token or origin changes nothing")
    func refusals() throws {
        try withTemporaryFolder { root in
            let served = try Self.served(in: root)
            defer { _ = served.stop() }
            let anonymous = ConsoleClient(port: served.port)
            for path in Self.pages {
                let answer = try anonymous.get(path)
                #expect(answer.status == 303 && answer.header("Location") == "/login", "GET \(path): \(answer)")
                #expect(answer.header("Content-Security-Policy") == "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                #expect(answer.header("X-Content-Type-Options") == "nosniff")
            }
            #expect(try anonymous.get("/runs/1/events").status == 403)
            for path in Self.actions {
                let answer = try anonymous.post(path, form: ["csrf": "anything"])
                #expect(answer.status == 403 && answer.body == "Sign in first: this action needs a console session.\n", "POST \(path): \(answer)")
            }
            for path in Self.reads {
                for headers in [[:], ["Authorization": "Bearer wfc_not-the-token"], ["Authorization": "Basic \(served.token)"]] {
                    let answer = try anonymous.get(path, headers: headers)
                    #expect(answer.status == 401, "GET \(path) \(headers): \(answer)")
                    #expect(answer.body == "{\n  \"error\" : \"sign in: a console session cookie, or Authorization: Bearer with the console token\"\n}\n")
                    #expect(answer.header("WWW-Authenticate") == "Bearer realm=\"wfrun\"")
                }
            }
            for path in Self.writes {
                #expect(try anonymous.send("POST", path).status == 401, "POST \(path)")
            }

            // A wrong token signs nobody in.
            let form = try anonymous.get("/login")
            let nonce = try #require(ConsoleClient.setCookie("wfrun_login", in: form))
            let loginCSRF = try #require(ConsoleClient.hiddenCSRF(in: form.body))
            let wrong = try anonymous.post("/login", form: ["csrf": loginCSRF, "token": "wfc_guess"], headers: ["Cookie": "wfrun_login=\(nonce)"])
            #expect(wrong.status == 401 && wrong.body.contains("That is not the console's token.") && ConsoleClient.setCookie("wfrun_session", in: wrong) == nil)
            // The sign-in form's own CSRF token is checked too.
            let forged = try anonymous.post("/login", form: ["csrf": "forged", "token": served.token], headers: ["Cookie": "wfrun_login=\(nonce)"])
            #expect(forged.status == 403 && ConsoleClient.setCookie("wfrun_session", in: forged) == nil)

            var client = ConsoleClient(port: served.port)
            try client.signIn(token: served.token)
            let csrf = try #require(client.csrf)
            for path in Self.actions {
                for form in [[:], ["csrf": "wrong"], ["csrf": csrf + "x"]] {
                    let answer = try client.post(path, form: form)
                    #expect(answer.status == 403 && answer.body.hasPrefix("Refused: the form's CSRF token is missing or wrong."), "POST \(path) \(form): \(answer)")
                }
                let crossSite = try client.post(path, form: ["csrf": csrf], headers: ["Origin": "http://evil.example"])
                #expect(crossSite.status == 403 && crossSite.body == "Refused: the request comes from another site.\n", "\(crossSite)")
            }
            for path in Self.writes {
                for headers in [[:], ["X-CSRF-Token": "wrong"]] {
                    let answer = try client.send("POST", path, headers: headers)
                    #expect(answer.status == 403, "POST \(path) \(headers): \(answer)")
                }
            }
            // Nothing was started, stopped or queued.
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT count(*) FROM workflow_control") == "0")
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT count(*) FROM fire") == "0")

            // With its token, the same action is done.
            let start = try client.post("/workflows/importVisitors/start", form: ["csrf": csrf])
            #expect(start.status == 303 && start.header("Location") == "/workflows/importVisitors?done=started", "\(start)")
            #expect(try StoreUpgradeTests.sqlite3(served.database, "SELECT workflow, state, changed_by FROM workflow_control") == "importVisitors|started|console")
            let stop = try client.send("POST", "/api/v1/workflows/importVisitors/stop", headers: ["X-CSRF-Token": csrf])
            #expect(stop.status == 200 && stop.body == "{\n  \"done\" : \"stopped\",\n  \"workflow\" : \"importVisitors\"\n}\n", "\(stop)")
            let bearer = try anonymous.send("POST", "/api/v1/workflows/importVisitors/start", headers: ["Authorization": "Bearer \(served.token)"])
            #expect(bearer.status == 200 && bearer.body.contains("\"done\" : \"started\""), "\(bearer)")

            // Rotating the token signs every session out, and the old token no longer works.
            let rotated = try WfrunProcess.run(["console", "token", "--rotate", "--db", served.database])
            #expect(rotated.exitCode == 0 && rotated.stderr == "wfrun: a new console token (shown this once); every session is signed out\n")
            let newToken = rotated.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(newToken.hasPrefix("wfc_") && newToken.count == 47 && newToken != served.token)
            try waitUntil("the rotation reaches the server") { try client.get("/workflows").status == 303 }
            #expect(try anonymous.get("/api/v1/runs", headers: ["Authorization": "Bearer \(served.token)"]).status == 401)
            #expect(try anonymous.get("/api/v1/runs", headers: ["Authorization": "Bearer \(newToken)"]).status == 200)
            #expect(!(try String(contentsOfFile: served.log, encoding: .utf8)).contains(served.token))
        }
    }

    @Test("workflow labels, log lines and data values holding <script> and quotes come out as text")
    func escaping() throws {
        try withTemporaryFolder { root in
            let served = try Self.served(in: root)
            defer { _ = served.stop() }
            var client = ConsoleClient(port: served.port)
            try client.signIn(token: served.token)
            let escapedLabel = "&lt;script&gt;alert(&quot;label&quot;)&lt;/script&gt;&quot; onmouseover=&quot;x"
            let escapedName = "&lt;script&gt;alert(&quot;data&quot;)&lt;/script&gt;&quot; onmouseover=&#39;y&#39;"
            let escapedLog = "&lt;script&gt;alert(&quot;log&quot;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
            let expectations: [(String, String)] = [
                ("/workflows", escapedLabel), ("/workflows/importVisitors", escapedLabel), ("/runs/1", escapedLog),
                ("/data/visitor", escapedName), ("/data/visitor?where=username%20%3D%3D%20%27evil%27", escapedName),
            ]
            for (path, escaped) in expectations {
                let page = try client.get(path)
                #expect(page.status == 200, "\(path): \(page)")
                #expect(page.body.contains(escaped), "\(path) does not show the text escaped")
                for raw in [Self.hostileLabel, Self.hostileName, Self.hostileLog, "<script>alert", "<img src=x"] {
                    #expect(!page.body.contains(raw), "\(path) holds raw markup \(raw)")
                }
                #expect(!page.body.contains("<script>") && page.body.contains("<script src=\"/static/console.js\"></script>"))
            }
            // The workflow's source is shown as text too (it holds the label XML-escaped).
            let source = try client.get("/workflows/importVisitors").body
            #expect(source.contains("label=&quot;&amp;lt;script&gt;alert(&amp;quot;label&amp;quot;)&amp;lt;/script&gt;"))
            // The CSV carries the value as a CSV field; JSON as a JSON string, never as HTML.
            let csv = try client.get("/data/visitor/export.csv?where=username%20%3D%3D%20%27evil%27")
            #expect(csv.status == 200 && csv.header("Content-Type") == "text/csv; charset=utf-8")
            #expect(csv.header("Content-Disposition") == "attachment; filename=\"visitor.csv\"")
            #expect(csv.body.contains(#""<script>alert(""data"")</script>"" onmouseover='y'""#), "\(csv.body)")
            let json = try client.get("/api/v1/data/visitor?where=username%20%3D%3D%20%27evil%27")
            #expect(json.header("Content-Type") == "application/json; charset=utf-8")
            #expect(json.body.contains(#""full_name":"<script>alert(\"data\")</script>\" onmouseover='y'""#), "\(json.body)")
        }
    }

    @Test("the API returns what the command line's --json returns, and its OpenAPI document lists every path")
    func apiMatchesCommandLine() throws {
        try withTemporaryFolder { root in
            let served = try Self.served(in: root)
            defer { _ = served.stop() }
            let client = ConsoleClient(port: served.port)
            let bearer = ["Authorization": "Bearer \(served.token)"]
            let history = try WfrunProcess.run(["history", "--db", served.database, "--json"])
            #expect(try client.get("/api/v1/runs", headers: bearer).body == history.stdout)
            let detail = try WfrunProcess.run(["history", "1", "--db", served.database, "--json"])
            #expect(try client.get("/api/v1/runs/1", headers: bearer).body == detail.stdout)
            let rows = try WfrunProcess.run(["show", "visitor", "--format", "json", "--db", served.database])
            #expect(try client.get("/api/v1/data/visitor", headers: bearer).body == rows.stdout)
            let filtered = try client.get("/api/v1/runs?status=failed", headers: bearer)
            #expect(filtered.body == "[\n\n]\n" && filtered.header("X-Total-Count") == "0")
            let badStatus = try client.get("/api/v1/runs?status=done", headers: bearer)
            #expect(badStatus.status == 400 && badStatus.body.contains("‘done’ is not a run status"))
            let badFilter = try client.get("/api/v1/data/visitor?where=friends%20%3E", headers: bearer)
            #expect(badFilter.status == 400, "\(badFilter)")
            #expect(try client.get("/api/v1/runs/999", headers: bearer).status == 404)

            let document = try client.get("/api/v1/openapi.json")
            #expect(document.status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(document.body.utf8)) as? [String: Any])
            #expect(object["openapi"] as? String == "3.1.0")
            let paths = try #require(object["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in
                operations.keys.filter { $0 == "get" || $0 == "post" }.map { "\($0.uppercased()) \(path)" }
            })
            let routes = Set(Self.reads.map { "GET " + Self.template($0) } + Self.writes.map { "POST " + Self.template($0) })
            #expect(documented == routes)
        }
    }

    /// `/api/v1/runs/1` as the document names it: `/runs/{id}`.
    static func template(_ path: String) -> String {
        String(path.dropFirst("/api/v1".count))
            .replacingOccurrences(of: "/workflows/importVisitors", with: "/workflows/{name}")
            .replacingOccurrences(of: "/runs/1", with: "/runs/{id}")
            .replacingOccurrences(of: "/data/visitor", with: "/data/{table}")
    }
}
