import Foundation
import Testing

/// `wfrun graph` through the real executable.
@Suite("wfrun graph", .ownThread)
struct GraphCommandTests {
    static let cli = Fixtures.path("cli")
    static let dot = ChildProcess.which("dot")
    static let syncTwitter = Repository.workflows.appendingPathComponent("syncTwitter.xml").path

    @Test(
        "graph Workflows/syncTwitter.xml --format dot renders with Graphviz",
        .enabled(if: GraphCommandTests.dot != nil, "needs Graphviz's dot"))
    func syncTwitterRendersWithGraphviz() throws {
        let graph = try WfrunProcess.run(["graph", "Workflows/syncTwitter.xml", "--format", "dot"], workingDirectory: Repository.root.path)
        #expect(graph.exitCode == 0, "\(graph)")
        try #require(!graph.standardOutput.isEmpty, "\(graph)")
        let svg = try ChildProcess.run(try #require(Self.dot), ["-Tsvg"], input: graph.standardOutput, timeout: 60)
        #expect(svg.exitCode == 0, "\(svg)\n--- input ---\n\(graph.stdout)")
        #expect(svg.stdout.contains("<svg"), "\(svg)")
        #expect(svg.stderr.isEmpty, "dot warned:\n\(svg.stderr)")
    }

    @Test("graph Workflows/syncTwitter.xml --format mermaid starts with flowchart TD")
    func syncTwitterMermaid() throws {
        let graph = try WfrunProcess.run(["graph", Self.syncTwitter, "--format", "mermaid"])
        #expect(graph.exitCode == 0, "\(graph)")
        #expect(graph.stdout.hasPrefix("flowchart TD"), "\(graph)")
    }

    @Test("a small workflow in dot names every activity; dot is the default format")
    func tinyDot() throws {
        let explicit = try WfrunProcess.run(["graph", "tiny.xml", "--format", "dot"], workingDirectory: Self.cli)
        #expect(explicit.exitCode == 0, "\(explicit)")
        #expect(explicit.stdout.hasPrefix("digraph"), "\(explicit)")
        #expect(explicit.stdout.contains("begin") && explicit.stdout.contains("done"), "\(explicit)")
        let implicit = try WfrunProcess.run(["graph", "tiny.xml"], workingDirectory: Self.cli)
        #expect(implicit.exitCode == 0)
        #expect(implicit.stdout == explicit.stdout)
        if let dot = Self.dot {
            let svg = try ChildProcess.run(dot, ["-Tsvg"], input: explicit.standardOutput, timeout: 60)
            #expect(svg.exitCode == 0 && svg.stdout.contains("<svg"), "\(svg)")
        }
    }

    @Test("a small workflow in mermaid starts with flowchart TD and names every activity")
    func tinyMermaid() throws {
        let graph = try WfrunProcess.run(["graph", "tiny.xml", "--format", "mermaid"], workingDirectory: Self.cli)
        #expect(graph.exitCode == 0, "\(graph)")
        #expect(graph.stdout.hasPrefix("flowchart TD"), "\(graph)")
        #expect(graph.stdout.contains("begin") && graph.stdout.contains("done"), "\(graph)")
    }

    @Test("a file with errors is reported on stderr, not drawn, exit 1", arguments: ["dot", "mermaid"])
    func fileWithErrors(_ format: String) throws {
        let graph = try WfrunProcess.run(["graph", "dangling-transition.xml", "--format", format], workingDirectory: Self.cli)
        #expect(graph.exitCode == 1, "\(graph)")
        #expect(graph.stdout.isEmpty, "\(graph)")
        #expect(graph.stderr.hasPrefix("dangling-transition.xml:3:11: error: "), "\(graph)")
        #expect(graph.stderr.contains("[WF021]"), "\(graph)")
    }

    @Test("a file with only warnings is drawn")
    func fileWithWarnings() throws {
        let graph = try WfrunProcess.run(["graph", "unused-parameter.xml"], workingDirectory: Self.cli)
        #expect(graph.exitCode == 0, "\(graph)")
        #expect(graph.stdout.hasPrefix("digraph"), "\(graph)")
    }
}
