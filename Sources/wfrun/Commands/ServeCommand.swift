import ArgumentParser
import Dispatch
import Foundation
import Logging
import Synchronization
import WorkflowEngine
import WorkflowModel
import WorkflowStore

/// `wfrun serve`: the long-running process that fires the workflows of a folder on their schedules.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Fire the workflows of a folder on their schedules, as a service.",
        discussion: """
            Loads every workflow of the folder (an invalid file is reported and
            skipped; the others keep firing) and rereads the files that change,
            every 5 s, or at once on SIGHUP. A workflow fires only once started
            (`wfrun start NAME`); `wfrun trigger NAME` runs it now. Interrupted
            runs of started workflows are resumed, runs paused on a rate limit
            go on at its reset, and a failed run waits for a person (`trigger`
            resumes it). A fire that finds the previous run still going is
            skipped. Fires missed while no server ran follow the scheduler's
            missedRuns. Every fire is recorded; `wfrun status` shows them.
            Semantics: Docs/scheduling.md.

            One line per event on standard output (--log-format json for log
            collectors). The listener serves the console (open
            http://127.0.0.1:8686/ and sign in with the console token, which
            the first start prints once on standard error; `wfrun console
            token --rotate` makes another), its JSON API under /api/v1,
            /healthz, /readyz, tracked links, /r/CODE (Docs/links.md;
            --public-url says where they point), and a consent page per
            service, /join/SERVICE, where people share their X or Facebook
            profile (Docs/contacts.md). Services come from --services,
            $WFRUN_SERVICES or services.xml in the folder.

            SQLite (the default store) takes one server per file: a second one
            is refused, naming the process that serves it. On PostgreSQL any
            number of nodes share the database: each fire is claimed once, and
            the runs of a node that dies are taken over by another once their
            lease (15 s) expires.

            SIGTERM or SIGINT stops claiming, lets running runs stop at their
            next batch boundary (recorded interrupted, resumed at the next
            start) and exits 0 within 30 s.

            Example:
              wfrun start syncTwitter
              wfrun serve --workflows Workflows --sandbox

            Exit codes: 0 stopped by a signal, 1 the store or the listener
            failed, 2 usage, 3 another server holds the SQLite store.
            """)

    @Option(help: ArgumentHelp("The folder of workflows to serve.", valueName: "folder"))
    var workflows = "Workflows"

    @Option(help: ArgumentHelp("The store: a SQLite file or a postgres:// URL (default $WFRUN_DB, else ./wfrun.sqlite).", valueName: "location"))
    var db: String?

    @Option(help: ArgumentHelp("Where to listen for HTTP (the console, /api/v1, /healthz, /readyz, /r/CODE): host:port; port 0 picks one.", valueName: "host:port"))
    var listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8686)

    @Option(help: ArgumentHelp("Runs at once on this node, \(MaxRunsRange.text).", valueName: "count"))
    var maxRuns: BoundedCount<MaxRunsRange> = 4

    @Option(help: "Event lines: text or json.")
    var logFormat: LogFormatOption = .text

    @Option(help: ArgumentHelp("Records per batch (and per transaction), \(BatchSizeRange.text).", valueName: "records"))
    var batchSize: BoundedCount<BatchSizeRange> = 1000

    @Option(help: "Engine log detail on standard error: debug, info, warning or error.")
    var logLevel: LogLevelOption = .warning

    @OptionGroup(title: "X and Facebook")
    var social: ServiceOptions

    @Option(help: ArgumentHelp(
        "The longest rate-limit or retry wait a run sits through (such as 90s, 20m), \(MaxWaitRange.text); a longer one pauses the run until the limit resets, when this server resumes it.",
        valueName: "duration"))
    var maxWait: DurationOption<MaxWaitRange> = "20m"

    @Option(help: PublicURLOption.help)
    var publicURL: String?

    @Option(help: ArgumentHelp(
        "The brand's part of the consent pages /join/SERVICE: a Mustache template of at most 64 KiB (Docs/contacts.md); default the shipped one.",
        valueName: "file"))
    var joinTemplate: String?

    @Option(help: ArgumentHelp("The privacy notice the consent pages link to (an http or https URL).", valueName: "url"))
    var privacyURL: String?

    func validate() throws {
        _ = try PublicURLOption.resolve(publicURL)
        if let privacyURL { _ = try Self.privacyNotice(privacyURL) }
    }

    /// The privacy notice's URL, or why it cannot be one.
    static func privacyNotice(_ text: String) throws -> URL {
        guard text.count <= 2000, let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", components.host?.isEmpty == false, let url = components.url
        else { throw ValidationError("--privacy-url must be an http or https URL with a host, such as https://example.org/privacy, got '\(text.prefix(200))'") }
        return url
    }

    /// How long a stop may take before the process exits anyway.
    static let stopGrace: Double = 25

    mutating func run() async throws {
        let clock = try ServiceClock.fromEnvironment()
        let template = try loadJoinTemplate()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workflows, isDirectory: &isFolder), isFolder.boolValue else {
            FileHandleOutput.standardError.write("wfrun: \(workflows) is not a folder; name the folder of workflows with --workflows\n")
            throw ExitCode(2)
        }
        let location = StoreLocation.resolve(db ?? (social.sandbox ? "wfrun-sandbox.sqlite" : nil))
        let store = try await StoreLocation.openControl(db ?? (social.sandbox ? "wfrun-sandbox.sqlite" : nil))
        do {
            try await store.prepare(schemas: Array(DataSchemaLibrary.builtIn.schemas.values))
        } catch {
            FileHandleOutput.standardError.write("wfrun: cannot prepare the store: \(error)\n")
            throw ExitCode(1)
        }
        let node = RunOwner.current
        let log = ServiceLog(format: logFormat.format, clock: clock)
        let services = try await loadServices()
        let metrics = ServiceMetrics(deliveries: store as? any DeliveryStore)
        let scheduler = ServiceScheduler(
            store: store, services: services, folder: workflows, node: node, clock: clock, log: log,
            settings: .init(
                maxRuns: maxRuns.value, leaseSeconds: try RunCommand.leaseSeconds(), batchSize: batchSize.value,
                maxWait: maxWait.seconds, requestTimeout: social.requestTimeout.seconds,
                publicURL: try PublicURLOption.resolve(publicURL)),
            logger: engineLogger(), metrics: metrics)
        let console = try await makeConsole(store: store, scheduler: scheduler, services: services, clock: clock)
        let publicRoot = try PublicURLOption.resolve(publicURL)
        let publicBase = PublicBase(publicRoot ?? URL(string: "http://\(listen)")!)
        let join = try makeJoinPages(store: store, services: services, template: template, publicBase: publicBase, clock: clock, log: log, metrics: metrics)
        if join != nil, privacyURL == nil {
            FileHandleOutput.standardError.write("wfrun: the consent pages (/join/SERVICE) link to no privacy notice; give one with --privacy-url URL\n")
        }
        let listener: HealthListener
        do {
            let links = (store as? any LinkStore).map { LinkRedirects(store: $0, now: { clock.shifted(Date()) }) }
            listener = try await HealthListener.start(
                host: listen.host, port: listen.port, links: links, console: console, join: join, metrics: metrics
            ) {
                guard let tick = await scheduler.lastTick else { return false }
                return Date().timeIntervalSince(tick) < 5
            }
        } catch {
            FileHandleOutput.standardError.write("wfrun: cannot listen on \(listen): \(error)\n")
            try? await store.close()
            throw ExitCode(1)
        }
        if publicRoot == nil { publicBase.set(URL(string: "http://\(listener.address)")!) }
        let exclusive = !StoreFactory.isPostgres(location)
        let holder: NodeRecord?
        do {
            holder = try await store.registerNode(
                NodeRecord(owner: node, startedAt: Date(), heartbeatAt: Date(), listen: listener.address),
                exclusive: exclusive, aliveWithin: 15)
        } catch {
            FileHandleOutput.standardError.write("wfrun: cannot register this server in the store: \(error)\n")
            throw ExitCode(1)
        }
        if let holder {
            FileHandleOutput.standardError.write("""
                wfrun: \(location) is already served by \
                \(holder.owner) (since \(ISOTimestamp(holder.startedAt).text)\(holder.listen.map { ", listening on \($0)" } ?? "")); \
                one server per SQLite file: stop that one first (kill -TERM \(holder.owner.pid)), or share a PostgreSQL \
                database between nodes

                """)
            await listener.shutdown()
            try? await store.close()
            await services?.shutdown()
            throw ExitCode(3)
        }
        // Installed before the first line: a SIGTERM right after it must stop, not kill.
        let signals = StopSignals(
            secondSignal: "the next start resumes the runs", onHangUp: { Task { await scheduler.requestRescan() } })
        log.event("serving", nil, [
            "folder": workflows, "store": StoreFactory.shown(location),
            "listen": listener.address, "node": node.token, "max-runs": "\(maxRuns.value)",
        ])
        if console != nil { log.event("console", nil, ["url": "http://\(listener.address)/"]) }
        let serving = Task { await scheduler.serve() }
        let signal = await signals.wait()
        console?.stopping.raise()
        log.event("stopping", nil, ["signal": signal], message: "no new claims; runs stop at their next batch boundary")
        let watchdog = DispatchWorkItem {
            FileHandleOutput.standardError.write("wfrun: runs did not stop within 30 s; exiting now (their leases expire and the next start resumes them)\n")
            _exit(0)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        serving.cancel()
        await serving.value
        let clean = await scheduler.stop(grace: Self.stopGrace)
        await listener.shutdown()
        try? await store.close()
        await services?.shutdown()
        log.event("stopped", nil, message: clean ? "every run recorded" : "some runs did not stop in time; the next start resumes them")
        watchdog.cancel()
    }

    /// `--join-template`, read and parsed, else the shipped template.
    private func loadJoinTemplate() throws -> JoinTemplate {
        guard let joinTemplate else { return .shipped }
        do {
            return try JoinTemplate.load(path: joinTemplate)
        } catch {
            FileHandleOutput.standardError.write("wfrun: \(error)\n")
            throw ExitCode(2)
        }
    }

    /// The consent pages of the services, when there are services.
    private func makeJoinPages(
        store: any ControlStore, services: SocialServices?, template: JoinTemplate, publicBase: PublicBase, clock: ServiceClock, log: ServiceLog,
        metrics: ServiceMetrics
    ) throws -> JoinPages? {
        guard let services, let contacts = store as? any ContactStore, let visitor = DataSchemaLibrary.builtIn.schemas["visitor"] else {
            return nil
        }
        return JoinPages(
            store: contacts, services: services.directory, visitor: visitor, template: template,
            privacyURL: try privacyURL.map(Self.privacyNotice), publicBase: publicBase, now: { clock.shifted(Date()) },
            requestTimeout: social.requestTimeout.seconds, log: log, metrics: metrics)
    }

    /// The console on the listener. At the store's first start its token is made and shown,
    /// once, on standard error (never in the event lines, which go to log collectors).
    private func makeConsole(
        store: any ControlStore, scheduler: ServiceScheduler, services: SocialServices?, clock: ServiceClock
    ) async throws -> WebConsole? {
        guard let credentials = store as? any ConsoleCredentialStore else { return nil }
        let auth = ConsoleAuth(store: credentials)
        do {
            if let token = try await auth.makeCredentialIfNone() {
                FileHandleOutput.standardError.write("""
                    wfrun: the console's token, shown this once (keep it; `wfrun console token --rotate` makes another):
                      \(token)

                    """)
            }
        } catch {
            FileHandleOutput.standardError.write("wfrun: cannot make the console's token: \(error)\n")
            throw ExitCode(1)
        }
        return WebConsole(sources: .init(
            store: store, auth: auth, clock: clock, folder: workflows, catalog: { await scheduler.catalogSnapshot },
            services: services, requestTimeout: social.requestTimeout.seconds))
    }

    private func loadServices() async throws -> SocialServices? {
        if social.sandbox {
            do {
                return try await SocialServices.sandbox()
            } catch {
                FileHandleOutput.standardError.write("wfrun: the sandbox emulator could not start: \(error)\n")
                throw ExitCode(1)
            }
        }
        guard let path = SocialServices.file(option: social.services, besides: workflows + "/services.xml") else { return nil }
        return try SocialServices.load(path)
    }

    private func engineLogger() -> Logger {
        let level = logLevel.level
        var logger = Logger(label: "wfrun") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        logger.logLevel = level
        return logger
    }
}

/// `serve --max-runs`.
enum MaxRunsRange: CountRange {
    static let range = 1...64
}

/// `--log-format`.
enum LogFormatOption: String, ExpressibleByArgument, CaseIterable {
    case text, json

    var format: ServiceLog.Format {
        switch self {
        case .text: .text
        case .json: .json
        }
    }
}

/// `--listen host:port`: a host name or IPv4 address and a port (0 to 65535).
struct ListenAddress: ExpressibleByArgument, Sendable, CustomStringConvertible {
    let host: String
    let port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":") else { return nil }
        let host = String(argument[..<colon])
        guard !host.isEmpty, host.count <= 253, let port = Int(argument[argument.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        self.init(host: host, port: port)
    }

    var description: String { "\(host):\(port)" }
    var defaultValueDescription: String { description }
}
