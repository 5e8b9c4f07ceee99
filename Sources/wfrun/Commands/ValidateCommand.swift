import ArgumentParser
import Foundation
import WorkflowModel
import WorkflowXML

/// `wfrun validate PATH...`: checks workflow files against the grammar and the lint rules.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check workflow files without running them.",
        discussion: """
            Reads each file with libxml2 (no network, no entities, no DOCTYPE), checks it
            against Schemas/workflow.xsd, then lints what a grammar cannot see:
            transitions, reachability, cycles, joins, data schema fields and keys,
            connector resources and parameters, expressions, schedules and parameters.
            Every problem of every file is reported.

            Folders are searched recursively for *.xml; XML files there that are not
            workflows (data schemas, services files) are skipped. A folder with no
            workflow file is an error. Only regular files are read (a named pipe or a
            device is reported, not read).

            Exit codes: 0 no errors, 1 errors (or warnings with --strict, or a folder
            without workflow files), 2 usage error.
            """)

    @Argument(help: ArgumentHelp("Workflow files or folders to check.", valueName: "path"))
    var paths: [String]

    @Option(help: "Output format: text (with source lines), json, or github (Actions annotations).")
    var format: DiagnosticRenderer.Format = .text

    @Flag(help: "Fail on warnings too.")
    var strict = false

    mutating func run() async throws {
        let report = ValidationReport.check(WorkflowFiles.expand(paths))
        let output = FileHandleOutput.standardOutput
        switch format {
        case .text: output.write(report.text())
        case .json: output.write(report.json() + "\n")
        case .github: output.write(report.github())
        }
        // A folder without a single workflow is most likely a mistyped path (in CI, a silent pass).
        let emptyFolders = WorkflowFiles.folders(in: paths).filter { folder in !report.files.contains { $0.folder == folder } }
        for folder in emptyFolders {
            FileHandleOutput.standardError.write("wfrun: no workflow files under \(folder)\n")
        }
        let failed = report.errorCount > 0 || (strict && report.warningCount > 0) || !emptyFolders.isEmpty
        if failed { throw ExitCode(1) }
    }
}

extension DiagnosticRenderer.Format: ExpressibleByArgument {}
