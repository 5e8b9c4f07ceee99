import Foundation
import Testing

/// `wfrun graph --format svg` through the real executable: a picture without Graphviz.
@Suite("wfrun graph --format svg", .ownThread)
struct GraphSVGCommandTests {
    static let xmllint = ChildProcess.which("xmllint")

    @Test(
        "graph Workflows/syncTwitter.xml --format svg exits 0 with SVG that xmllint parses",
        .enabled(if: GraphSVGCommandTests.xmllint != nil, "needs xmllint (libxml2-utils)"))
    func syncTwitterParses() throws {
        let graph = try WfrunProcess.run(["graph", "Workflows/syncTwitter.xml", "--format", "svg"], workingDirectory: Repository.root.path)
        #expect(graph.exitCode == 0, "\(graph)")
        #expect(graph.stderr.isEmpty, "\(graph)")
        #expect(graph.stdout.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg""#), "\(graph)")
        #expect(graph.stdout.hasSuffix("</svg>\n"), "\(graph)")
        for activity in ["Every Thursday at 07:30", "Followers of each account", "Save subscriptions", "Synchronization failed"] {
            #expect(graph.stdout.contains(">\(activity)</text>"), "\(activity) missing")
        }
        let lint = try ChildProcess.run(try #require(Self.xmllint), ["--noout", "--nonet", "-"], input: graph.standardOutput, timeout: 60)
        #expect(lint.exitCode == 0 && lint.stderr.isEmpty, "\(lint)")
    }

    @Test("a file with errors is reported on stderr, not drawn, exit 1")
    func fileWithErrors() throws {
        let graph = try WfrunProcess.run(["graph", "dangling-transition.xml", "--format", "svg"], workingDirectory: Fixtures.path("cli"))
        #expect(graph.exitCode == 1, "\(graph)")
        #expect(graph.stdout.isEmpty, "\(graph)")
        #expect(graph.stderr.hasPrefix("dangling-transition.xml:3:11: error: "), "\(graph)")
    }

    @Test("an unknown format names the three that exist, exit 2")
    func unknownFormat() throws {
        let graph = try WfrunProcess.run(["graph", "tiny.xml", "--format", "png"], workingDirectory: Fixtures.path("cli"))
        #expect(graph.exitCode == 2, "\(graph)")
        #expect(graph.stderr.hasPrefix(
            "Error: The value 'png' is invalid for '--format <format>'. Please provide one of 'dot', 'mermaid' or 'svg'.\n"),
            "\(graph)")
    }
}
