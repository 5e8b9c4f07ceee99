import ArgumentParser
import Foundation
import WorkflowEngine
import WorkflowModel

/// Options shared by `start`, `stop`, `trigger` and `status`.
struct ControlOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The store: a SQLite file or a postgres:// URL (default $WFRUN_DB, else ./wfrun.sqlite).", valueName: "location"))
    var db: String?

    @Option(help: ArgumentHelp("The folder of workflows (names are checked against it when it exists).", valueName: "folder"))
    var workflows = "Workflows"

    /// The workflows of the folder, by name (none when the folder does not exist).
    func catalog() -> WorkflowCatalog {
        var catalog = WorkflowCatalog(folder: workflows)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: workflows, isDirectory: &isFolder), isFolder.boolValue {
            _ = catalog.scan()
        }
        return catalog
    }

    /// Refuses names that the folder does not define, suggesting the nearest one.
    func check(_ names: [String], against catalog: WorkflowCatalog) throws {
        guard !catalog.entries.isEmpty else { return }
        for name in names where catalog.entries[name] == nil {
            let advice = NameSuggestion.advice(for: name, in: Array(catalog.entries.keys), otherwise: "see `wfrun status`")
            FileHandleOutput.standardError.write("wfrun: no workflow named '\(name)' in \(workflows)\(advice); nothing was changed\n")
            throw ExitCode(2)
        }
    }

    /// Checks the names, then sets their state in the store: the store stays open for `then`
    /// and is closed afterwards. A store that fails says why and exits 1.
    func setState(
        _ state: WorkflowState, of names: [String], then: (any ControlStore) async throws -> Void
    ) async throws {
        try check(names, against: catalog())
        let store = try await StoreLocation.openControl(db)
        let now = try ServiceClock.fromEnvironment().shifted(try await store.databaseNow())
        do {
            try await store.setState(state, of: names, by: Self.who, at: now)
            try await then(store)
        } catch {
            FileHandleOutput.standardError.write("wfrun: \(error)\n")
            try? await store.close()
            throw ExitCode(1)
        }
        try? await store.close()
    }

    /// Who changes the state, for the record: user@host.
    static var who: String {
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "someone"
        return "\(user)@\(RunOwner.current.host)"
    }
}

/// `wfrun start NAME…`.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start workflows: their schedules fire while `wfrun serve` runs.",
        discussion: """
            A workflow is stopped until started. The state is kept in the
            store, so this works whether a server runs or not; a running server
            sees it within a second. Fires before the start are not caught up.

            Example:
              wfrun start syncTwitter statsTwitter
            """)

    @Argument(help: ArgumentHelp("Workflow names.", valueName: "name"))
    var names: [String]

    @OptionGroup var control: ControlOptions

    mutating func run() async throws {
        let names = names
        try await control.setState(.started, of: names) { store in
            let serving = try await ControlStatus.aliveNodes(store)
            for name in names {
                FileHandleOutput.standardOutput.write("started \(name)\n")
            }
            if serving.isEmpty {
                FileHandleOutput.standardOutput.write("no server runs on this store yet: `wfrun serve` fires them\n")
            }
        }
    }
}

/// `wfrun stop NAME…`.
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop workflows: their schedules no longer fire.",
        discussion: """
            A run already going on is not interrupted: it finishes. (To
            interrupt it, send SIGTERM to the process that runs it; it resumes
            at the next start.)

            Example:
              wfrun stop syncTwitter
            """)

    @Argument(help: ArgumentHelp("Workflow names.", valueName: "name"))
    var names: [String]

    @OptionGroup var control: ControlOptions

    mutating func run() async throws {
        let names = names
        try await control.setState(.stopped, of: names) { store in
            for name in names {
                var line = "stopped \(name)"
                if let run = try await store.runs(workflow: name, limit: 1).first, run.status == .running {
                    line += "; run \(run.id) is still going\(run.owner.map { " in \($0)" } ?? "") and finishes: stop does not interrupt it"
                }
                FileHandleOutput.standardOutput.write(line + "\n")
            }
        }
    }
}

/// `wfrun trigger NAME`.
struct TriggerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger",
        abstract: "Run a workflow now through the server (\"execute pending tasks now\").",
        discussion: """
            Queues a run that the server takes within a second, whether the
            workflow is started or stopped. A failed run of the workflow is
            resumed from the failed activity, as `wfrun run` does. When no
            server runs on the store, nothing is queued: run it with
            `wfrun run FILE`.

            Example:
              wfrun trigger syncTwitter --param since=2026-01-01

            Exit codes: 0 queued, 1 no server runs on the store (nothing
            queued), 2 usage.
            """)

    @Argument(help: ArgumentHelp("The workflow name.", valueName: "name"))
    var name: String

    @Option(name: .customLong("param"), help: ArgumentHelp("Set a workflow parameter (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @OptionGroup var control: ControlOptions

    func validate() throws {
        for parameter in parameters where !parameter.contains("=") {
            throw ValidationError("--param takes NAME=VALUE, got '\(parameter)'")
        }
    }

    mutating func run() async throws {
        let catalog = control.catalog()
        try control.check([name], against: catalog)
        let store = try await StoreLocation.openControl(control.db)
        do {
            guard !(try await ControlStatus.aliveNodes(store)).isEmpty else {
                let file = catalog.entries[name]?.file ?? "FILE"
                FileHandleOutput.standardError.write(
                    "wfrun: no server runs on this store, so nothing was queued; run it now with `wfrun run \(file)`, or start `wfrun serve`\n")
                try? await store.close()
                throw ExitCode(1)
            }
            let given = Dictionary(parameters.map(Self.split), uniquingKeysWith: { _, last in last })
            let fire = try await store.queueTrigger(workflow: name, parameters: given, by: ControlOptions.who)
            FileHandleOutput.standardOutput.write("queued \(name) (fire \(fire.id)); `wfrun status \(name)` shows its run\n")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandleOutput.standardError.write("wfrun: \(error)\n")
            try? await store.close()
            throw ExitCode(1)
        }
        try? await store.close()
    }

    private static func split(_ text: String) -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }
}
