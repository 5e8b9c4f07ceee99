import Foundation

/// A workflow that imports `count` visitors from a JSON Lines file beside it through the file
/// connector: a store with rows for `show`, or a run long enough to be stopped in the middle.
enum ImportFixture {
    static let workflow = """
        <workflow xmlns="urn:wfrun:workflow:1" name="importVisitors">
          <start name="begin"><next to="read"/></start>
          <fetch name="read" connector="file" resource="records" path="visitors.jsonl"><next to="shape"/></fetch>
          <map name="shape">
            <field name="origin" value="'Twitter'"/>
            <field name="external_id" value="id"/>
            <field name="username" value="username"/>
            <field name="full_name" value="name"/>
            <field name="friends" value="followers"/>
            <field name="verified" value="verified"/>
            <next to="save"/>
          </map>
          <upsert name="save" schema="visitor" key="origin external_id"><next to="done"/></upsert>
          <end name="done"/>
        </workflow>
        """

    /// Writes `import.xml` and `visitors.jsonl` (`count` records) into `folder`; returns the
    /// workflow's path.
    static func write(in folder: URL, count: Int) throws -> String {
        var text = ""
        text.reserveCapacity(count * 90)
        for index in 0..<count {
            text += #"{"id":"\#(index)","username":"user\#(index)","name":"Visitor \#(index)","followers":\#(index % 5000),"verified":\#(index % 7 == 0)}"#
            text += "\n"
        }
        try text.write(to: folder.appendingPathComponent("visitors.jsonl"), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("import.xml").path
        try workflow.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A store at `folder/name` holding the `count` visitors.
    static func store(in folder: URL, count: Int, name: String = "rows.sqlite") throws -> String {
        let workflow = try write(in: folder, count: count)
        let database = folder.appendingPathComponent(name).path
        let outcome = try WfrunProcess.run(["run", workflow, "--db", database])
        guard outcome.exitCode == 0 else { throw ProcessLaunchError(description: "the import failed:\n\(outcome)") }
        return database
    }
}
