import Foundation
import Testing

/// libxml2 never prints: bytes that are not valid in the encoding a file declares used to put
/// libxml2's own "encoding error : input conversion failed…" and "I/O error : encoder error"
/// lines on standard error (found by fuzzing the XML reader), around wfrun's diagnostic.
@Suite(.ownThread) struct LibXMLSilenceTests {
    @Test func bytesInvalidInTheDeclaredEncodingGiveOneDiagnosticAndNothingElse() throws {
        let file = Fixtures.path("hostile/undecodable-in-declared-encoding.xml")
        let outcome = try WfrunProcess.run(["validate", file])
        #expect(outcome.exitCode == 1, "\(outcome)")
        #expect(outcome.stderr == "", "\(outcome)")
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "\(file):2:47: error: not well-formed XML: attValue: ' expected; fix the markup here [WF003]", "\(outcome)")
        #expect(lines.last(where: { !$0.isEmpty }) == "1 file checked: 1 error, 0 warnings")

        let json = try WfrunProcess.run(["validate", "--format", "json", file])
        #expect(json.exitCode == 1)
        #expect(json.stderr == "", "\(json)")
    }
}
