import ArgumentParser
import WorkflowXML

/// `wfrun`: a declarative workflow interpreter. With a file and no subcommand it runs it.
@main
struct Wfrun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wfrun",
        abstract: "Run declarative XML workflows, checked before they run.",
        discussion: """
            A workflow is an XML file (namespace urn:wfrun:workflow:1, grammar in Schemas/workflow.xsd).
            `wfrun FILE` is short for `wfrun run FILE`.

            Examples:
              wfrun validate Workflows                 check every workflow under a folder
              wfrun validate --format github .         annotate a pull request from CI
              wfrun graph Workflows/syncTwitter.xml --format dot | dot -Tsvg > sync.svg
              wfrun Workflows/syncTwitter.xml          run a workflow

            Exit codes: 0 success, 1 a workflow has errors (or a run failed), 2 usage error.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, ValidateCommand.self, GraphCommand.self, HistoryCommand.self, ShowCommand.self],
        defaultSubcommand: RunCommand.self)

    /// Parses the command line and runs the command. Usage errors exit 2 (not ArgumentParser's 64),
    /// the code documented above.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandleOutput.standardError.write(fullMessage(for: error) + "\n")
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
