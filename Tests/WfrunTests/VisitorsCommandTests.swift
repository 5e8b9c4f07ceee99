import Foundation
import Testing

/// `wfrun visitors forget ORIGIN:ID` and `wfrun visitors consents ORIGIN:ID` on a real store: the
/// consents withdrawn, exactly the profile columns erased, the person's other rows and other
/// people untouched; malformed references refused with one line and exit 2.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is not installed (.ci/run installs it)"))
struct VisitorsCommandTests {
    static func seeded(in folder: URL) throws -> String {
        let database = folder.appendingPathComponent("contacts.sqlite").path
        let empty = try WfrunProcess.run(["visitors", "consents", "Twitter:120007919", "--db", database])
        #expect(empty.exitCode == 0, "\(empty)")
        #expect(empty.stdout == "Twitter:120007919: no consent\n")
        _ = try StoreUpgradeTests.sqlite3(database, """
            INSERT INTO visitor (origin, external_id, username, full_name, friends, verified, email, folder, created_at, updated_at) VALUES
              ('Twitter', '120007919', 'ada', 'Ada Lovelace', 1815, 1, NULL, 'X followers', '2026-12-01T08:00:00Z', '2026-12-01T08:00:00Z'),
              ('Facebook', '9001', NULL, 'Grace Hopper', NULL, NULL, 'grace@example.com', 'Fans', '2026-12-01T08:00:00Z', '2026-12-01T08:00:00Z');
            INSERT INTO consent (origin, external_id, service, state, text_version, fields, method, given_at, withdrawn_at) VALUES
              ('Twitter', '120007919', 'wfrun_demo', 'given', 'sha256:0123456789abcdef', 'username full_name friends verified', 'Sign in with X (OAuth 1.0a)', '2026-12-01T08:00:00Z', NULL),
              ('Twitter', '120007919', 'wfrun_news', 'given', 'sha256:0123456789abcdef', 'username', 'Sign in with X (OAuth 1.0a)', '2026-12-01T09:00:00Z', NULL),
              ('Facebook', '9001', 'demo_page', 'given', 'sha256:fedcba9876543210', 'full_name email', 'Facebook Login', '2026-12-01T08:00:00Z', NULL);
            """)
        return database
    }

    @Test func forgetWithdrawsEveryConsentAndErasesTheProfile() throws {
        try withTemporaryFolder { folder in
            let database = try Self.seeded(in: folder)
            let shown = try WfrunProcess.run(["visitors", "consents", "X:120007919", "--db", database])
            #expect(shown.exitCode == 0, "\(shown)")
            #expect(shown.stdout == """
                Twitter:120007919 wfrun_demo: given 2026-12-01T08:00:00Z by Sign in with X (OAuth 1.0a), text sha256:0123456789abcdef, fields username full_name friends verified
                Twitter:120007919 wfrun_news: given 2026-12-01T09:00:00Z by Sign in with X (OAuth 1.0a), text sha256:0123456789abcdef, fields username

                """)

            let forget = try WfrunProcess.run(
                ["visitors", "forget", "twitter:120007919", "--db", database], environment: ["WFRUN_TEST_NOW": "2026-12-03T10:00:00Z"])
            #expect(forget.exitCode == 0, "\(forget)")
            #expect(forget.stdout == "Twitter:120007919: 2 consents withdrawn, profile erased\n")
            #expect(try StoreUpgradeTests.sqlite3(
                database, "SELECT origin, external_id, username, full_name, friends, verified, email, folder, created_at FROM visitor ORDER BY id")
                == "Twitter|120007919||||||X followers|2026-12-01T08:00:00Z\nFacebook|9001||Grace Hopper|||grace@example.com|Fans|2026-12-01T08:00:00Z")
            #expect(try StoreUpgradeTests.sqlite3(database, "SELECT updated_at FROM visitor WHERE origin = 'Twitter'").hasPrefix("2026-12-03T10:00:0"))

            let json = try WfrunProcess.run(["visitors", "consents", "Twitter:120007919", "--json", "--db", database])
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput)) as? [[String: Any]])
            #expect(objects.map { $0["service"] as? String } == ["wfrun_demo", "wfrun_news"])
            #expect(objects.map { $0["state"] as? String } == ["withdrawn", "withdrawn"])
            #expect(objects.allSatisfy { ($0["withdrawn_at"] as? String)?.hasPrefix("2026-12-03T10:00:0") == true })
            #expect(objects.first?["fields"] as? [String] == ["username", "full_name", "friends", "verified"])
            #expect(objects.first?["given_at"] as? String == "2026-12-01T08:00:00Z")

            let facebook = try WfrunProcess.run(["visitors", "consents", "Facebook:9001", "--db", database])
            #expect(facebook.stdout.contains("Facebook:9001 demo_page: given 2026-12-01T08:00:00Z by Facebook Login"))

            let again = try WfrunProcess.run(["visitors", "forget", "Twitter:120007919", "--db", database])
            #expect(again.stdout == "Twitter:120007919: 0 consents withdrawn, profile erased\n")
            let nobody = try WfrunProcess.run(["visitors", "forget", "Facebook:1", "--db", database])
            #expect(nobody.exitCode == 0)
            #expect(nobody.stdout == "Facebook:1: 0 consents withdrawn, no visitor row\n")
        }
    }

    @Test(arguments: ["120007919", "Myspace:1", "Twitter:", "Twitter:1 OR 1=1", "Twitter:\u{1b}[31m", String(repeating: "9", count: 300)])
    func aMalformedPersonIsRefused(reference: String) throws {
        let outcome = try WfrunProcess.run(["visitors", "forget", reference, "--db", "/nonexistent/never.sqlite"])
        #expect(outcome.exitCode == 2, "\(outcome)")
        #expect(outcome.stderr.contains("Error: The value '") && outcome.stderr.contains("' is invalid for '<origin:id>'"), "\(outcome)")
        #expect(outcome.stdout == "")
    }
}
