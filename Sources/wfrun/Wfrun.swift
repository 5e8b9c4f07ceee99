import ArgumentParser
import Foundation
import WorkflowXML

/// `wfrun`: a declarative workflow interpreter. With a file and no subcommand it runs it.
@main
struct Wfrun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wfrun",
        abstract: "Run declarative XML workflows, checked before they run.",
        discussion: """
            A workflow is an XML file (namespace urn:wfrun:workflow:1, grammar in
            Schemas/workflow.xsd). `wfrun FILE` is short for `wfrun run FILE`.

            Examples:
              wfrun validate Workflows            check every workflow in a folder
              wfrun validate --format github .    annotate a pull request from CI
              wfrun graph FILE | dot -Tsvg > g.svg
              wfrun schedule Workflows/syncTwitter.xml --next 3
                                                  its next fire times, in its zone and UTC
              wfrun Workflows/examples/importContacts.xml
                                                  run a workflow (rerun to resume)
              wfrun Workflows/syncTwitter.xml --sandbox
                                                  sync X followers from the built-in emulator
              wfrun services check                call each X account and Facebook page once
              wfrun history                       past runs (wfrun history 3: one run)
              wfrun show visitor --where verified rows of a data table

            Exit codes: 0 success; 1 errors in a file, a failed run, or output that cannot
            be written (a full disk, a closed pipe: a run then stops as interrupted,
            resumable); 2 usage error or a workflow that cannot run; 3 a run of the
            workflow is in progress in another process; 75 a run paused before a long
            rate-limit wait; 130/143 a run interrupted by SIGINT/SIGTERM.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ValidateCommand.self, GraphCommand.self, ScheduleCommand.self, HistoryCommand.self, ShowCommand.self,
            ServicesCommand.self, EmulateCommand.self, ServeCommand.self, StartCommand.self, StopCommand.self, TriggerCommand.self,
            StatusCommand.self, ConsoleCommand.self, VisitorsCommand.self,
        ],
        defaultSubcommand: RunCommand.self)

    /// Parses the command line and runs the command. Usage errors exit 2 (not ArgumentParser's 64),
    /// the code documented above. SIGPIPE is ignored, so a closed output is a failed write
    /// (EPIPE) that `FileHandleOutput` sees; any failed write to standard output or error is
    /// reported here and makes the exit status 1.
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseCommandLine()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exitIfOutputFailed()
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandleOutput.standardError.write(fullMessage(for: error) + "\n")
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
        exitIfOutputFailed()
    }

    /// `parseAsRoot()`, except that an unknown option is reported before a missing argument:
    /// ArgumentParser checks positional arguments first, so `wfrun --nope` (the default `run`
    /// without its file) would say "Missing expected argument '<file>'". Parsing again with a
    /// stand-in for the missing argument tells whether an unknown option is the real mistake.
    private static func parseCommandLine() throws -> any ParsableCommand {
        do {
            return try parseAsRoot()
        } catch let missing {
            guard message(for: missing).hasPrefix("Missing expected argument") else { throw missing }
            do {
                _ = try parseAsRoot(Array(CommandLine.arguments.dropFirst()) + ["stand-in-for-the-missing-argument"])
            } catch let second where message(for: second).hasPrefix("Unknown option") {
                throw second
            } catch {}
            throw missing
        }
    }

    /// Reports a failed write to standard output or error and exits 1.
    private static func exitIfOutputFailed() {
        guard let message = FileHandleOutput.failureMessage else { return }
        FileHandleOutput.standardError.write("wfrun: \(message)\n")
        exit(withError: ExitCode(1))
    }
}
