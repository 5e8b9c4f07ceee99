import Foundation
import Testing

/// A file source resumes after its last committed batch only in the file it was reading: a
/// line inserted at the top between the failure and the rerun is refused with a message that
/// names --restart (exit 1, nothing written), while the unchanged file resumes to exactly the
/// table of an uninterrupted run.
@Suite(.ownThread, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is not installed (.ci/run installs it)"))
struct FileResumeTests {
    static let workflow = """
        <workflow xmlns="urn:wfrun:workflow:1" name="importPeople">
          <start name="begin"><next to="read"/></start>
          <fetch name="read" connector="file" resource="records" path="people.csv"><next to="shape"/></fetch>
          <map name="shape">
            <field name="origin" value="'Twitter'"/>
            <field name="external_id" value="id"/>
            <field name="username" value="username"/>
            <next to="save"/>
          </map>
          <upsert name="save" schema="visitor" key="origin external_id"><next to="done"/></upsert>
          <end name="done"/>
        </workflow>
        """

    /// 2,500 people: three batches of the default 1,000.
    static let people = "id,username\n" + (1...2500).map { "\($0),user\($0)\n" }.joined()

    /// The visitor table as CSV, without the two wall-clock columns.
    static func table(_ database: String) throws -> [String] {
        let outcome = try WfrunProcess.run(["show", "visitor", "--format", "csv", "--db", database])
        #expect(outcome.exitCode == 0, "\(outcome)")
        return outcome.stdout.split(separator: "\n").map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).dropLast(2).joined(separator: ",")
        }
    }

    static func sqlite(_ database: String, _ sql: String) throws {
        let outcome = try ChildProcess.run("/usr/bin/sqlite3", [database, sql])
        #expect(outcome.exitCode == 0, "\(outcome)")
    }

    @Test func aLineInsertedAboveTheCheckpointIsRefusedAndTheUnchangedFileResumes() throws {
        try withTemporaryFolder { folder in
            let workflow = folder.appendingPathComponent("import.xml").path
            try Self.workflow.write(toFile: workflow, atomically: true, encoding: .utf8)
            let csv = folder.appendingPathComponent("people.csv")
            let database = folder.appendingPathComponent("people.sqlite").path
            let reference = folder.appendingPathComponent("reference.sqlite").path

            try Self.people.write(to: csv, atomically: true, encoding: .utf8)
            let clean = try WfrunProcess.run(["run", workflow, "--db", reference])
            #expect(clean.exitCode == 0, "\(clean)")
            let expected = try Self.table(reference)
            #expect(expected.count == 2501)

            // A first run on the real store creates the table; a trigger then makes the store
            // refuse person 1500, so the next run fails after committing its first batch.
            try "id,username\n".write(to: csv, atomically: true, encoding: .utf8)
            #expect(try WfrunProcess.run(["run", workflow, "--db", database]).exitCode == 0)
            try Self.sqlite(database, "CREATE TRIGGER stop BEFORE INSERT ON visitor WHEN NEW.external_id = '1500' BEGIN SELECT RAISE(ABORT, 'stopped by the test'); END;")
            try Self.people.write(to: csv, atomically: true, encoding: .utf8)
            let failed = try WfrunProcess.run(["run", workflow, "--db", database])
            #expect(failed.exitCode == 1, "\(failed)")
            try Self.sqlite(database, "DROP TRIGGER stop;")
            let committed = try Self.table(database)
            #expect(committed == Array(expected.prefix(1001)))

            // The same file with a line inserted at the top: refused, nothing written.
            let original = folder.appendingPathComponent("original.csv")
            try FileManager.default.moveItem(at: csv, to: original)  // a rename keeps its modification time
            try ("id,username\n0,intruder\n" + Self.people.dropFirst("id,username\n".count)).write(to: csv, atomically: true, encoding: .utf8)
            let refused = try WfrunProcess.run(["run", workflow, "--db", database])
            #expect(refused.exitCode == 1, "\(refused)")
            #expect(refused.stderr.contains(
                "  read: fetch 'read': cannot resume reading \(csv.path.replacingOccurrences(of: "//", with: "/")) at byte 11798: the file changed since the interrupted run (it had 32798 bytes then and has 32809 now), so the records after that point are not the ones it would have read; run again with --restart to read it from the start"),
                "\(refused)")
            #expect(try Self.table(database) == committed)

            // The file put back as it was: the run resumes after the committed batch.
            try FileManager.default.removeItem(at: csv)
            try FileManager.default.moveItem(at: original, to: csv)
            let resumed = try WfrunProcess.run(["run", workflow, "--db", database])
            #expect(resumed.exitCode == 0, "\(resumed)")
            #expect(resumed.stderr.contains("resum"), "\(resumed)")
            #expect(try Self.table(database) == expected)
        }
    }
}
