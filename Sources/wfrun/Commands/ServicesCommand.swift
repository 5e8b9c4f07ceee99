import ArgumentParser
import Foundation
import SocialConnectors

/// `wfrun services`: the X accounts and Facebook pages workflows read from and publish to.
struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "List or check the X and Facebook services (accounts and pages).",
        subcommands: [ServicesCheckCommand.self, ServicesListCommand.self],
        defaultSubcommand: ServicesListCommand.self)
}

/// `wfrun services list`: what the services file declares (never the secrets' values).
struct ServicesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the services a services file declares.",
        discussion: "Secrets are shown by where they come from ($NAME or a file), never by value.")

    @OptionGroup var social: ServiceOptions

    @Flag(help: "Print JSON on standard output.")
    var json = false

    mutating func run() async throws {
        let services = try await ServicesCheckCommand.resolve(social)
        await services.shutdown()
        let rows = Self.listing(services)
        if json {
            FileHandleOutput.standardOutput.write(try JSONText.encode(rows) + "\n")
            return
        }
        FileHandleOutput.standardOutput.write("\(rows.count) service\(rows.count == 1 ? "" : "s") in \(services.origin)\n")
        for row in rows {
            var line = "  \(row.name)  \(row.type)"
            if let version = row.apiVersion { line += " v\(version)" }
            line += "  \(row.label)  \(row.baseURL)"
            if row.syncSubscriptions { line += "  synchronized" }
            if row.test { line += "  test account" }
            if let folder = row.visitorFolder { line += "  folder \"\(folder)\"" }
            FileHandleOutput.standardOutput.write(line + "\n    secrets: " + row.secrets.joined(separator: ", ") + "\n")
        }
    }

    /// What the services file declares, each secret by where it comes from.
    static func listing(_ services: SocialServices) -> [ServiceListing] {
        services.directory.services.map { service in
            ServiceListing(
                name: service.name, type: service.type.rawValue, label: service.label,
                apiVersion: service.type == .twitter ? service.apiVersion.rawValue : nil,
                baseURL: service.baseURL.absoluteString, pageId: service.pageId, visitorFolder: service.visitorFolder,
                syncSubscriptions: service.syncSubscriptions, test: service.test,
                secrets: service.secrets.keys.sorted().map { "\($0)=\(service.secrets[$0]!.description)" })
        }
    }

    struct ServiceListing: Encodable {
        var name, type, label: String
        var apiVersion: String?
        var baseURL: String
        var pageId, visitorFolder: String?
        var syncSubscriptions, test: Bool
        var secrets: [String]
    }
}

/// `wfrun services check`: calls each account once and says what works.
struct ServicesCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Call each service once: reachable, credentials valid, and for X whether the name is the account's.",
        discussion: """
            X: account/verify_credentials (v1.1) or /2/users/me (v2); the service's name
            must equal the account's screen name, as the original product requires.
            Facebook: the page.

            Exit codes: 0 every service is fine, 1 at least one is not, 2 usage or
            services file error.
            """)

    @OptionGroup var social: ServiceOptions

    @Option(help: ArgumentHelp("Check only these services (repeatable).", valueName: "name"))
    var only: [String] = []

    @Flag(help: "Print the results as JSON on standard output.")
    var json = false

    /// The services of `--sandbox` or of the services file (`--services`, `$WFRUN_SERVICES`,
    /// `./services.xml`).
    static func resolve(_ options: ServiceOptions) async throws -> SocialServices {
        if options.sandbox { return try await SocialServices.sandbox() }
        guard let path = SocialServices.file(option: options.services, besides: "./") else {
            FileHandleOutput.standardError.write(
                "wfrun: no services file: pass --services FILE, set WFRUN_SERVICES, or put services.xml in this folder (or try --sandbox)\n")
            throw ExitCode(2)
        }
        return try SocialServices.load(path)
    }

    mutating func run() async throws {
        let services = try await Self.resolve(social)
        var selected = services.directory.services
        if !only.isEmpty {
            let known = Set(selected.map(\.name))
            if let unknown = only.first(where: { !known.contains($0) }) {
                await services.shutdown()
                FileHandleOutput.standardError.write("wfrun: there is no service '\(unknown)' in \(services.origin); known: \(known.sorted().joined(separator: ", "))\n")
                throw ExitCode(2)
            }
            selected = selected.filter { only.contains($0.name) }
        }
        let checks = await Self.check(selected, of: services, requestTimeout: social.requestTimeout.seconds)
        await services.shutdown()
        if json {
            FileHandleOutput.standardOutput.write(try JSONText.encode(checks) + "\n")
        } else {
            for check in checks { FileHandleOutput.standardOutput.write(Self.line(check) + "\n") }
            let failing = checks.filter { !$0.isHealthy }.count
            FileHandleOutput.standardOutput.write(
                failing == 0 ? "all \(checks.count) service\(checks.count == 1 ? "" : "s") OK\n" : "\(failing) of \(checks.count) service\(checks.count == 1 ? "" : "s") with problems\n")
        }
        if checks.contains(where: { !$0.isHealthy }) { throw ExitCode(1) }
    }

    /// Calls each of `selected` once.
    static func check(_ selected: [Service], of services: SocialServices, requestTimeout: Double) async -> [ServiceCheck] {
        let limits = APILimits(requestTimeout: requestTimeout, maxAttempts: 2, maxWait: 60)
        let x = XConnector(services: services.directory, transport: .shared, limits: limits)
        let facebook = FacebookConnector(services: services.directory, transport: .shared, limits: limits)
        var checks: [ServiceCheck] = []
        for service in selected {
            switch service.type {
            case .twitter: checks.append(await x.check(service))
            case .facebook: checks.append(await facebook.check(service))
            }
        }
        return checks
    }

    /// `ok   acme (twitter): reachable, credentials valid, account @acme`.
    static func line(_ check: ServiceCheck) -> String {
        var facts: [String] = [check.reachable ? "reachable" : "unreachable"]
        switch check.credentialsValid {
        case true?: facts.append("credentials valid")
        case false?: facts.append("credentials refused")
        case nil: break
        }
        if let account = check.account { facts.append(check.type == .twitter ? "account @\(account)" : "page \"\(account)\"") }
        if check.nameMatches == false { facts.append("name differs from the account's") }
        var line = "\(check.isHealthy ? "ok  " : "FAIL") \(check.service) (\(check.type.rawValue)): " + facts.joined(separator: ", ")
        if let problem = check.problem { line += "\n     \(problem)" }
        return line
    }
}

extension ServiceCheck {
    /// Reachable, credentials accepted, and (for X) the name is the account's.
    var isHealthy: Bool { reachable && credentialsValid == true && nameMatches != false && problem == nil }
}

/// JSON for the command line: sorted keys, pretty.
enum JSONText {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
