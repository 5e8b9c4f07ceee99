import ArgumentParser
import Foundation
import SocialConnectors
import SocialEmulator
import WorkflowEngine
import WorkflowModel
import WorkflowXML

/// The options every command that talks to X or Facebook shares: where the services come from,
/// or the sandbox.
struct ServiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The services file (default $WFRUN_SERVICES, else services.xml beside the workflow).", valueName: "file"))
    var services: String?

    @Flag(help: "Use a built-in emulator of X and Facebook with sandbox accounts instead of the real networks (and ./wfrun-sandbox.sqlite as the default store).")
    var sandbox = false

    @Option(help: ArgumentHelp(
        "How long one HTTP request may take before it is retried (such as 30s, 2m; a bare number is seconds), \(RequestTimeoutRange.text).",
        valueName: "duration"))
    var requestTimeout: DurationOption<RequestTimeoutRange> = "30s"

    func validate() throws {
        if sandbox, services != nil { throw ValidationError("--sandbox uses its own services; leave out --services") }
    }
}

/// The services a command uses, and the emulator behind them in a sandbox.
struct SocialServices: Sendable {
    let directory: ServiceDirectory
    /// Where they were read from, for messages.
    let origin: String
    let emulator: SocialEmulator?

    /// The sandbox: an emulator on an ephemeral loopback port, and services for its accounts.
    static func sandbox(configuration: EmulatorConfiguration = EmulatorConfiguration()) async throws -> SocialServices {
        let emulator = try await SocialEmulator.start(configuration)
        var services: [Service] = emulator.dataset.xAccounts.map { account in
            Service(
                name: account.screenName, label: account.label, type: .twitter, apiVersion: .v2, baseURL: emulator.xBaseURL,
                visitorFolder: account.visitorFolder, syncSubscriptions: account.syncSubscriptions, test: account.test,
                secrets: [
                    "consumerKey": Secret(.value(account.credentials.consumerKey)),
                    "consumerSecret": Secret(.value(account.credentials.consumerSecret)),
                    "accessToken": Secret(.value(account.credentials.token)),
                    "accessTokenSecret": Secret(.value(account.credentials.tokenSecret)),
                ])
        }
        services += emulator.dataset.facebookPages.map { page in
            Service(
                name: page.serviceName, label: page.name, type: .facebook, baseURL: emulator.facebookBaseURL,
                visitorFolder: page.visitorFolder, pageId: page.id, appId: page.appID,
                secrets: ["pageAccessToken": Secret(.value(page.accessToken)), "appSecret": Secret(.value(page.appSecret))])
        }
        return SocialServices(directory: ServiceDirectory(services: services), origin: "the sandbox", emulator: emulator)
    }

    /// The services file a command should read: `--services`, else `$WFRUN_SERVICES`, else
    /// `services.xml` beside the workflow (nil when there is none).
    static func file(option: String?, besides workflow: String?) -> String? {
        if let option { return option }
        if let variable = ProcessInfo.processInfo.environment["WFRUN_SERVICES"], !variable.isEmpty { return variable }
        guard let workflow else { return nil }
        let folder = (workflow as NSString).deletingLastPathComponent
        let candidate = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("services.xml")
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    /// Reads a services file; its problems are printed with file:line:column.
    static func load(_ path: String) throws -> SocialServices {
        do {
            return SocialServices(directory: try ServicesFile.load(path: path), origin: path, emulator: nil)
        } catch {
            FileHandleOutput.standardError.write(error.description + "\n")
            FileHandleOutput.standardError.write("wfrun: \(path) has errors; fix them and run again\n")
            throw ExitCode(2)
        }
    }

    /// Stops the sandbox emulator, if any.
    func shutdown() async {
        try? await emulator?.shutdown()
    }

    /// The X and Facebook connectors over these services; `rateLimits` is told of their waits.
    func socialConnectors(limits: APILimits, rateLimits: (any RateLimitObserver)? = nil) -> [any Connector] {
        [
            XConnector(services: directory, transport: .shared, limits: limits, rateLimits: rateLimits),
            FacebookConnector(services: directory, transport: .shared, limits: limits, rateLimits: rateLimits),
        ]
    }
}

extension Workflow {
    /// The names of the social connectors (`x`, `facebook`) its fetch and publish activities use.
    var socialConnectors: Set<String> {
        Set(activities.compactMap { $0.kind == .fetch || $0.kind == .publish ? $0["connector"] : nil }.filter { $0 == "x" || $0 == "facebook" })
    }
}
