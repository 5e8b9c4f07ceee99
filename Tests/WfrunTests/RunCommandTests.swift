import Foundation
import Testing

/// `wfrun run`, `history` and `show` through the real executable on the shipped example.
@Suite(.ownThread) struct RunCommandTests {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A copy of Workflows/examples (the workflow reads contacts.csv beside itself).
    static func example(in folder: URL) throws -> String {
        let source = Repository.root.appendingPathComponent("Workflows/examples")
        for name in ["importContacts.xml", "contacts.csv"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder.appendingPathComponent("importContacts.xml").path
    }

    @Test func runsTheExampleAndShowsItsRowsAndHistory() throws {
        try withTemporaryFolder { folder in
            let workflow = try Self.example(in: folder)
            let db = folder.appendingPathComponent("w.sqlite").path
            let run = try WfrunProcess.run(["run", workflow, "--db", db, "--json"])
            #expect(run.exitCode == 0, "\(run)")
            let summary = try JSONSerialization.jsonObject(with: Data(run.standardOutput)) as? [String: Any]
            #expect((summary?["run"] as? [String: Any])?["status"] as? String == "succeeded")
            #expect((summary?["upserts"] as? [String: Any])?["saveVisitor"] as? [String: Int] == ["inserted": 6, "updated": 0, "unchanged": 0])

            let show = try WfrunProcess.run(["show", "visitor", "--db", db, "--format", "csv", "--where", "friends >= 1000"])
            #expect(show.exitCode == 0)
            let rows = Self.text(show.standardOutput).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(8).joined(separator: ",") }
            #expect(rows == [
                "origin,external_id,username,full_name,friends,verified,email,folder",
                "Twitter,1001,anna_lindqvist,Anna Lindqvist,5230,true,,Imported contacts",
                "Twitter,1003,zoe_lefevre,Zoé Lefèvre,1240,false,,Imported contacts",
                "Twitter,1007,nguyen_lan,Nguyễn Thị Lan,20410,true,,Imported contacts",
            ])

            let again = try WfrunProcess.run(["run", workflow, "--db", db])
            #expect(again.exitCode == 0)
            #expect(Self.text(again.standardError).contains("saveVisitor: 0 inserted, 0 updated, 6 unchanged"))

            let history = try WfrunProcess.run(["history", "importContacts", "--db", db, "--json"])
            let runs = try JSONSerialization.jsonObject(with: Data(history.standardOutput)) as? [[String: Any]]
            #expect(runs?.map { $0["status"] as? String } == ["succeeded", "succeeded"])
            #expect(runs?.map { $0["id"] as? Int } == [2, 1])
        }
    }

    @Test func aDryRunWritesNothing() throws {
        try withTemporaryFolder { folder in
            let workflow = try Self.example(in: folder)
            let db = folder.appendingPathComponent("w.sqlite").path
            let run = try WfrunProcess.run(["run", workflow, "--db", db, "--dry-run"])
            #expect(run.exitCode == 0, "\(run)")
            #expect(Self.text(run.standardError).contains("would upsert 6 records into visitor"))
            let show = try WfrunProcess.run(["show", "visitor", "--db", db, "--format", "csv"])
            #expect(Self.text(show.standardOutput) == "origin,external_id,username,full_name,friends,verified,email,folder,created_at,updated_at\n")
            let history = try WfrunProcess.run(["history", "--db", db])
            #expect(Self.text(history.standardOutput) == "no runs yet\n")
        }
    }

    @Test func problemsBeforeTheRunGetOneMessageAndTheirExitCode() throws {
        try withTemporaryFolder { folder in
            let workflow = try Self.example(in: folder)
            let missingFolder = try WfrunProcess.run(["run", workflow, "--db", folder.appendingPathComponent("no/such/w.sqlite").path])
            #expect(missingFolder.exitCode == 1)
            #expect(Self.text(missingFolder.standardError).hasPrefix("wfrun: cannot open the store at "))
            #expect(Self.text(missingFolder.standardError).hasSuffix("does not exist; create it first\n"))

            let garbage = folder.appendingPathComponent("garbage.sqlite")
            try Data("this is not a database, just text".utf8).write(to: garbage)
            let corrupt = try WfrunProcess.run(["run", workflow, "--db", garbage.path])
            #expect(corrupt.exitCode == 1)
            #expect(Self.text(corrupt.standardError) == "wfrun: cannot open the store at \(garbage.path): the file is not a SQLite database\n")

            let parameter = try WfrunProcess.run(["run", workflow, "--db", folder.appendingPathComponent("w.sqlite").path, "--param", "minFolowers=3"])
            #expect(parameter.exitCode == 2)
            #expect(Self.text(parameter.standardError) == "wfrun: --param minFolowers=…: workflow 'importContacts' has no parameter 'minFolowers'; did you mean 'minFollowers'?\n")

            let invalid = try WfrunProcess.run(["run", Fixtures.path("cli/dangling-transition.xml"), "--db", folder.appendingPathComponent("w.sqlite").path])
            #expect(invalid.exitCode == 2)
            #expect(Self.text(invalid.standardError).contains("[WF021]"))

            let postgres = try WfrunProcess.run(["history", "--db", "postgres://wfrun:hunter2secret@127.0.0.1:1/x"], timeout: 60)
            #expect(postgres.exitCode == 1)
            #expect(!Self.text(postgres.standardError).contains("hunter2secret"))
            #expect(Self.text(postgres.standardError).hasPrefix("wfrun: cannot open the store at postgres://wfrun:***@127.0.0.1:1/x"))
        }
    }
}
