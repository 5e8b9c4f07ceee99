import ArgumentParser
import WorkflowModel
import WorkflowXML

/// `wfrun run FILE` (and `wfrun FILE`): checks a workflow, then runs it.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a workflow now (also: wfrun FILE).",
        discussion: """
            The file is checked exactly as `wfrun validate` checks it; a workflow with errors is
            refused with the same diagnostics and exit code 2.

            This build checks the workflow but cannot execute it yet: the interpreter is the next
            piece of work (issue #3). It then exits 1 and says so.
            """)

    @Argument(help: ArgumentHelp("The workflow file.", valueName: "file"))
    var file: String

    mutating func run() async throws {
        let outcome = Installed.loader.load(path: file)
        let text = outcome.diagnostics.map { DiagnosticRenderer.text($0, source: outcome.source) }
        if !text.isEmpty { FileHandleOutput.standardError.write(text.joined(separator: "\n") + "\n") }
        guard let workflow = outcome.workflow, !outcome.diagnostics.hasErrors else {
            FileHandleOutput.standardError.write("wfrun: \(file) has errors; fix them and run again (nothing was run)\n")
            throw ExitCode(2)
        }
        FileHandleOutput.standardError.write("""
            wfrun: \(workflow.name) is valid (\(workflow.activities.count) activities), but this build cannot run \
            workflows yet: the interpreter is not implemented. Use `wfrun validate` and `wfrun graph` meanwhile.

            """)
        throw ExitCode(1)
    }
}
