import ArgumentParser
import Foundation
import Logging
import SocialConnectors
import WorkflowEngine
import WorkflowModel
import WorkflowXML

/// `wfrun run FILE` (and `wfrun FILE`): checks a workflow, then runs it, durably.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a workflow now (also: wfrun FILE).",
        discussion: """
            The file is checked exactly as `wfrun validate` checks it; a workflow with
            errors is refused with the same diagnostics. A scheduler fires once, now.

            Runs are durable: records are committed batch by batch together with the
            position of their source. If a run is interrupted (Ctrl-C, kill, a crash) or
            fails, the next `wfrun run` of the same workflow resumes it: finished
            activities are not run again and sources continue after their last committed
            batch. --restart starts afresh.

            Workflows that read from X or Facebook (connector="x", "facebook") take their
            accounts from a services file (--services, $WFRUN_SERVICES, or services.xml
            beside the workflow). --sandbox runs them against a built-in emulator instead,
            with sandbox accounts and its own store (./wfrun-sandbox.sqlite unless --db is
            given):
              wfrun Workflows/syncTwitter.xml --sandbox

            Rate limits are waited out; a single wait longer than --max-wait ends the run
            as interrupted instead (exit 75), to be resumed by running it again later.

            publish sends each message once: every message is logged before and after it
            goes out, and a resumed run looks up on the network what an interrupted one
            may have sent. A message it cannot decide stays unknown and is sent again only
            with --resend-unknown. --proof sends to the test services instead.

            A run belongs to one process at a time: while it lives it holds a lease in the
            store, renewed every 5 s. Another `wfrun run` of the same workflow on the
            same store (on this machine or another) neither resumes nor overlaps it: it
            exits with code 3, naming the run and its process, or waits for it with
            --wait. A run whose process is gone (it crashed, was killed, or its machine
            stopped: the lease expired) is resumed by the next `wfrun run`. A resumed run
            keeps the --param values it started with; different ones are refused (start
            afresh with --restart).

            Exit codes: 0 the run succeeded, 1 it failed (or the store cannot be opened),
            2 invalid workflow or usage, 3 a run of the workflow is in progress in another
            process, 75 paused before a wait longer than --max-wait (resumable), 130/143
            interrupted by SIGINT/SIGTERM (resumable).
            """)

    @Argument(help: ArgumentHelp("The workflow file.", valueName: "file"))
    var file: String

    @Option(name: .customLong("param"), help: ArgumentHelp("Set a workflow parameter (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Flag(help: "Read and transform, but write nothing; print what would be written.")
    var dryRun = false

    @Flag(help: "Start a new run even if an unfinished run of this workflow could be resumed.")
    var restart = false

    @Option(help: ArgumentHelp(
        "When another process is running this workflow, wait up to this long for it to end (such as 90s, 10m), \(OwnerWaitRange.text), instead of exiting with code 3.",
        valueName: "duration"))
    var wait: DurationOption<OwnerWaitRange>?

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false

    @Option(help: ArgumentHelp("The store: a SQLite file or a postgres:// URL (default $WFRUN_DB, else ./wfrun.sqlite).", valueName: "location"))
    var db: String?

    @Option(help: ArgumentHelp("Records per batch (and per transaction), \(BatchSizeRange.text).", valueName: "records"))
    var batchSize: BoundedCount<BatchSizeRange> = 1000

    @Option(help: "Engine log detail: debug, info, warning or error.")
    var logLevel: LogLevelOption = .info

    @OptionGroup(title: "X and Facebook")
    var social: ServiceOptions

    @Flag(help: "Send every publish as a proof, only to the services marked test=\"true\" (their accounts must be protected); nothing goes to the real audience. Always a new run.")
    var proof = false

    @Flag(help: "Send again the messages left unknown (sent or not, the network could not tell) by an earlier attempt of the run.")
    var resendUnknown = false

    @Option(help: ArgumentHelp(
        "The longest rate-limit or retry wait to sit through (such as 90s, 20m, 2h), \(MaxWaitRange.text); a longer one pauses the run, resumable.",
        valueName: "duration"))
    var maxWait: DurationOption<MaxWaitRange> = "20m"

    @Option(help: PublicURLOption.help)
    var publicURL: String?

    func validate() throws {
        _ = try PublicURLOption.resolve(publicURL)
        for parameter in parameters where !parameter.contains("=") {
            throw ValidationError("--param takes NAME=VALUE, got '\(parameter)'")
        }
        _ = try Self.leaseSeconds()
    }

    /// The run lease: `$WFRUN_LEASE_SECONDS` (1 to 3600, for tests and slow stores), else 15 s.
    static func leaseSeconds() throws -> Double {
        guard let text = ProcessInfo.processInfo.environment["WFRUN_LEASE_SECONDS"], !text.isEmpty else {
            return RunOptions.defaultLeaseSeconds
        }
        guard let seconds = Double(text), seconds >= 1, seconds <= 3600 else {
            throw ValidationError("WFRUN_LEASE_SECONDS must be a number of seconds from 1 to 3600, got '\(text)'")
        }
        return seconds
    }

    mutating func run() async throws {
        let outcome = Installed.loader.load(path: file)
        let text = outcome.diagnostics.map { DiagnosticRenderer.text($0, source: outcome.source) }
        if !text.isEmpty { FileHandleOutput.standardError.write(text.joined(separator: "\n") + "\n") }
        guard let workflow = outcome.workflow, !outcome.diagnostics.hasErrors else {
            FileHandleOutput.standardError.write("wfrun: \(file) has errors; fix them and run again (nothing was run)\n")
            throw ExitCode(2)
        }
        let services = try await socialServices(for: workflow)
        let store = try await StoreLocation.open(db ?? (social.sandbox ? "wfrun-sandbox.sqlite" : nil))
        let console = Console(live: FileHandleOutput.standardError.isTerminal && !json)
        var logger = Logger(label: "wfrun") { _ in ConsoleLogHandler(console: console, logLevel: logLevel.level) }
        logger.logLevel = logLevel.level
        let environment = RunEnvironment(
            store: store, schemas: .builtIn, connectors: Installed.connectors(services: services, limits: limits, store: store),
            activities: Installed.activities,
            logger: logger, observer: console)
        let runner = WorkflowRunner(
            workflow: workflow, directory: (file as NSString).deletingLastPathComponent, environment: environment)
        if proof && !restart && !dryRun, let unfinished = try await store.resumableRun(workflow: workflow.name) {
            try? await store.close()
            await services?.shutdown()
            FileHandleOutput.standardError.write("""
                wfrun: run \(unfinished.id) of \(workflow.name) is unfinished (\(unfinished.status.rawValue)); a proof would hide it \
                from the next run. Finish it first (wfrun run \(file)), or give --restart to leave it; nothing was sent

                """)
            throw ExitCode(2)
        }
        var options = RunOptions(
            file: file, parameters: Dictionary(parameters.map(Self.split), uniquingKeysWith: { _, last in last }),
            dryRun: dryRun, restart: restart || proof, batchSize: batchSize.value,
            leaseSeconds: try Self.leaseSeconds(), waitForOwner: wait?.seconds ?? 0)
        options.publishing = PublishOptions(proof: proof, resendUnknown: resendUnknown, publicURL: try PublicURLOption.resolve(publicURL))

        let runOptions = options
        let (summary, signal) = try await InterruptibleRun.perform(console: console) {
            try await runner.run(runOptions)
        }
        console.finish()
        try? await store.close()
        await services?.shutdown()
        if json {
            FileHandleOutput.standardOutput.write(RunSummaryRenderer.json(summary) + "\n")
        } else {
            FileHandleOutput.standardError.write(RunSummaryRenderer.table(summary) + "\n")
        }
        switch summary.run.status {
        case .succeeded: return
        case .interrupted:
            // No signal: the run paused before a wait longer than --max-wait (EX_TEMPFAIL).
            guard let signal else { throw ExitCode(75) }
            throw ExitCode(signal == SIGTERM ? 143 : 130)
        default: throw ExitCode(1)
        }
    }

    /// How connectors wait and time out.
    private var limits: APILimits {
        APILimits(requestTimeout: social.requestTimeout.seconds, maxWait: maxWait.seconds)
    }

    /// The services, when the workflow reads from X or Facebook or the sandbox was asked for.
    private func socialServices(for workflow: Workflow) async throws -> SocialServices? {
        if social.sandbox {
            do {
                return try await SocialServices.sandbox()
            } catch {
                FileHandleOutput.standardError.write("wfrun: the sandbox emulator could not start: \(error)\n")
                throw ExitCode(1)
            }
        }
        let used = workflow.socialConnectors
        guard !used.isEmpty else { return nil }
        guard let path = SocialServices.file(option: social.services, besides: file) else {
            FileHandleOutput.standardError.write("""
                wfrun: \(file) uses \(used.sorted().joined(separator: " and ")) but no services file was found: \
                pass --services FILE, set WFRUN_SERVICES, or put services.xml beside the workflow \
                (to try it without accounts: --sandbox); nothing was run

                """)
            throw ExitCode(2)
        }
        return try SocialServices.load(path)
    }

    private static func split(_ text: String) -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }
}

/// `--log-level`.
enum LogLevelOption: String, ExpressibleByArgument, CaseIterable {
    case debug, info, warning, error

    var level: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .warning: .warning
        case .error: .error
        }
    }
}
