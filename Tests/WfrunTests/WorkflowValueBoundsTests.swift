import Foundation
import Testing

/// Values read from a workflow file or an expression never trap wfrun: a duration too long to
/// run is refused by validate (WF070), and integer arithmetic out of range is an evaluation error.
@Suite(.ownThread) struct WorkflowValueBoundsTests {
    static let longWait = """
        <workflow xmlns="urn:wfrun:workflow:1" name="sleepy">
          <start name="begin"><next to="pause"/></start>
          <wait name="pause" duration="1000000d"><next to="done"/></wait>
          <end name="done"/>
        </workflow>

        """

    static let message = "duration=\"…\": '1000000d' is longer than 365d, the longest duration wfrun accepts; write a shorter one"

    @Test func aWaitLongerThanAYearIsRefusedByValidate() throws {
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("sleepy.xml")
            try Self.longWait.write(to: file, atomically: true, encoding: .utf8)
            let (outcome, report) = try WfrunProcess.validateJSON([file.path])
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(report.diagnostics == [ValidationJSON.Diagnostic(
                code: "WF070", column: 32, file: file.path, line: 3, message: Self.message, severity: "error")])
        }
    }

    @Test("run refuses it the same way, every time, without trapping")
    func runRefusesIt() throws {
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("sleepy.xml")
            try Self.longWait.write(to: file, atomically: true, encoding: .utf8)
            let db = folder.appendingPathComponent("w.sqlite").path
            for _ in 0..<2 {
                let outcome = try WfrunProcess.run(["run", file.path, "--db", db])
                #expect(outcome.exitCode == 2, "\(outcome)")
                #expect(outcome.terminatingSignal == nil, "\(outcome)")
                #expect(outcome.stderr.hasPrefix("\(file.path):3:32: error: \(Self.message) [WF070]\n"), "\(outcome)")
                #expect(outcome.stderr.hasSuffix("wfrun: \(file.path) has errors; fix them and run again (nothing was run)\n"), "\(outcome)")
            }
        }
    }

    @Test("show --where: an extreme round() is evaluated and an int overflow is an error, not a trap")
    func showWhereWithExtremeIntegers() throws {
        try withTemporaryFolder { folder in
            let workflow = try RunCommandTests.example(in: folder)
            let db = folder.appendingPathComponent("w.sqlite").path
            let run = try WfrunProcess.run(["run", workflow, "--db", db])
            #expect(run.exitCode == 0, "\(run)")

            let rounded = try WfrunProcess.run([
                "show", "visitor", "--db", db, "--format", "csv", "--limit", "1",
                "--where", "round(1.5, -9223372036854775807 - 1) == 0",
            ])
            #expect(rounded.exitCode == 0, "\(rounded)")
            #expect(rounded.stdout.split(separator: "\n").count == 2, "\(rounded)")

            let overflow = try WfrunProcess.run([
                "show", "visitor", "--db", db, "--where", "abs(-9223372036854775807 - 1) > friends",
            ])
            #expect(overflow.exitCode == 1, "\(overflow)")
            #expect(overflow.terminatingSignal == nil, "\(overflow)")
            #expect(overflow.stderr == "wfrun: --where: abs() of int -9223372036854775808 is out of the int range\n", "\(overflow)")
        }
    }
}
