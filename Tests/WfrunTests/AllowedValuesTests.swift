import Foundation
import Testing

/// A data schema's allowed `values` hold at upsert time: a visitor whose origin is 'Myspace'
/// (read from the file, so `validate` cannot see it) fails the run with the table untouched, or,
/// under `errorPolicy="ignore"`, is dropped and logged while the others are written.
@Suite(.ownThread) struct AllowedValuesTests {
    static let people = """
        id,network,username
        1,Twitter,alice
        2,Myspace,bob
        3,Facebook,carol

        """

    static func workflow(policy: String) -> String {
        """
        <workflow xmlns="urn:wfrun:workflow:1" name="importPeople">
          <start name="begin"><next to="read"/></start>
          <fetch name="read" connector="file" resource="records" path="people.csv"><next to="shape"/></fetch>
          <map name="shape">
            <field name="origin" value="network"/>
            <field name="external_id" value="id"/>
            <field name="username" value="username"/>
            <next to="save"/>
          </map>
          <upsert name="save" schema="visitor" key="origin external_id"\(policy)><next to="done"/></upsert>
          <end name="done"/>
        </workflow>
        """
    }

    /// The visitor table as CSV, without the two wall-clock columns.
    static func table(_ database: String) throws -> [String] {
        let outcome = try WfrunProcess.run(["show", "visitor", "--format", "csv", "--db", database])
        #expect(outcome.exitCode == 0, "\(outcome)")
        return outcome.stdout.split(separator: "\n").map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).dropLast(2).joined(separator: ",")
        }
    }

    static let header = "origin,external_id,username,full_name,friends,verified,email,folder"

    @Test func aValueOutsideTheAllowedOnesFailsTheRunAndWritesNothing() throws {
        try withTemporaryFolder { folder in
            try Self.people.write(to: folder.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
            let workflow = folder.appendingPathComponent("import.xml").path
            try Self.workflow(policy: "").write(toFile: workflow, atomically: true, encoding: .utf8)
            let database = folder.appendingPathComponent("people.sqlite").path

            let outcome = try WfrunProcess.run(["run", workflow, "--db", database])
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(outcome.stderr.contains(
                "upsert 'save' into visitor (run 1): visitor.origin does not allow 'Myspace'; the allowed values are Twitter, Facebook"),
                "\(outcome)")
            #expect(try Self.table(database) == [Self.header])
        }
    }

    @Test func underErrorPolicyIgnoreTheRecordIsDroppedAndLogged() throws {
        try withTemporaryFolder { folder in
            try Self.people.write(to: folder.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
            let workflow = folder.appendingPathComponent("import.xml").path
            try Self.workflow(policy: #" errorPolicy="ignore""#).write(toFile: workflow, atomically: true, encoding: .utf8)
            let database = folder.appendingPathComponent("people.sqlite").path

            let outcome = try WfrunProcess.run(["run", workflow, "--db", database])
            #expect(outcome.exitCode == 0, "\(outcome)")
            #expect(try Self.table(database) == [Self.header, "Twitter,1,alice,,,,,", "Facebook,3,carol,,,,,"])
            let history = try WfrunProcess.run(["history", "1", "--json", "--db", database])
            #expect(history.stdout.contains("visitor.origin does not allow 'Myspace'"), "\(history)")
        }
    }
}
