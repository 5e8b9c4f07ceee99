import Foundation
import Testing

/// The documented size limit of a workflow file (8 MB, Docs/language.md "Limits") is the one
/// enforced: a file over it is refused before parsing with one WF006 at 1:1, and any file under it
/// is read whole (it used to be refused by libxml2's own "Huge input lookup" past 10 MB, under
/// the 64 MB then documented).
@Suite(.ownThread) struct WorkflowSizeLimitTests {
    static let limit = 8 * 1024 * 1024

    /// A valid workflow of exactly `size` bytes, padded with its description.
    static func paddedWorkflow(size: Int) -> [UInt8] {
        let head = Array(#"<workflow xmlns="urn:wfrun:workflow:1" name="big">"#.utf8) + Array("\n  <description>".utf8)
        let tail = Array("</description>\n  <start name=\"begin\"><next to=\"done\"/></start>\n  <end name=\"done\"/>\n</workflow>\n".utf8)
        return head + [UInt8](repeating: UInt8(ascii: "x"), count: size - head.count - tail.count) + tail
    }

    /// A valid workflow of `count` chained `log` activities, all on one line.
    static func oneLineChain(count: Int) -> [UInt8] {
        var text = #"<workflow xmlns="urn:wfrun:workflow:1" name="chain"><start name="begin"><next to="a0"/></start>"#
        for index in 0..<count { text += #"<log name="a\#(index)" message="'step'"><next to="a\#(index + 1)"/></log>"# }
        return Array((text + #"<end name="a\#(count)"/></workflow>"#).utf8)
    }

    @Test func aFileOfExactlyTheLimitIsRead() throws {
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("at-limit.xml")
            try Data(Self.paddedWorkflow(size: Self.limit)).write(to: file)
            let (outcome, report) = try WfrunProcess.validateJSON([file.path])
            #expect(outcome.exitCode == 0, "\(outcome)")
            #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        }
    }

    @Test("a file over the limit is one WF006 at 1:1 saying the size and the limit", arguments: [
        (8 * 1024 * 1024 + 1, "8.0 MB (8388609 bytes)"), (11_219_715, "10.6 MB (11219715 bytes)"),
    ])
    func aFileOverTheLimitIsRefused(size: Int, described: String) throws {
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("over-limit.xml")
            try Data(Self.paddedWorkflow(size: size)).write(to: file)
            let (outcome, report) = try WfrunProcess.validateJSON([file.path])
            #expect(outcome.exitCode == 1, "\(outcome)")
            #expect(report.diagnostics == [ValidationJSON.Diagnostic(
                code: "WF006", column: 1, file: file.path, line: 1,
                message: "the file is \(described), over the 8 MB limit (8388608 bytes) for a workflow; check that it is the right file",
                severity: "error")])
        }
    }

    @Test func aLargeWorkflowOnOneLineValidatesInBoundedTime() throws {
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("one-line.xml")
            let bytes = Self.oneLineChain(count: 60_000)
            #expect(bytes.count > 3_500_000)
            try Data(bytes).write(to: file)
            // Each diagnostic location used to count columns from the start of the line: minutes.
            let outcome = try WfrunProcess.run(["validate", file.path], timeout: 90)
            #expect(!outcome.timedOut, "\(outcome)")
            #expect(outcome.exitCode == 0, "\(outcome)")
        }
    }
}
