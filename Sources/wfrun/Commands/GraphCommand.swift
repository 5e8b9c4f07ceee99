import ArgumentParser
import WorkflowModel
import WorkflowXML

/// `wfrun graph FILE`: draws the activity graph.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a workflow's activity graph (Graphviz DOT, Mermaid or SVG).",
        discussion: """
            Transitions are labelled by kind (next, then, else, onError); error
            transitions are dashed. The file is checked first; a file with errors is
            reported, not drawn.

            svg is laid out by wfrun itself (layers from the start activities, loops
            drawn as back edges), so it needs no Graphviz; dot and mermaid are text for
            those tools.

            Examples:
              wfrun graph Workflows/syncTwitter.xml --format svg > sync.svg
              wfrun graph Workflows/syncTwitter.xml --format dot | dot -Tpng > sync.png
            """)

    @Argument(help: ArgumentHelp("The workflow file.", valueName: "file"))
    var file: String

    @Option(help: "Drawing language: dot, mermaid or svg.")
    var format: GraphRenderer.Format = .dot

    mutating func run() async throws {
        let outcome = Installed.loader.load(path: file)
        guard let workflow = outcome.workflow, !outcome.diagnostics.hasErrors else {
            let text = outcome.diagnostics.map { DiagnosticRenderer.text($0, source: outcome.source) }.joined(separator: "\n")
            FileHandleOutput.standardError.write(text + "\n")
            throw ExitCode(1)
        }
        FileHandleOutput.standardOutput.write(GraphRenderer.render(workflow, as: format) + "\n")
    }
}

extension GraphRenderer.Format: ExpressibleByArgument {}
