import Foundation
import SocialEmulator
import Testing

/// An emulator started in this test process on an ephemeral loopback port, a services file for
/// its accounts (secrets in environment variables, as a user would write it), and `wfrun` run
/// as a subprocess against both.
struct SocialSandbox {
    let emulator: SocialEmulator
    let folder: URL
    let servicesFile: String
    let database: String
    /// The secrets' variables, given to every `wfrun` started here.
    let environment: [String: String]

    /// Starts an emulator and writes `services.xml` for its accounts with X API `apiVersion`.
    /// `accounts` limits the X services to those screen names (nil: all).
    static func start(
        _ configuration: EmulatorConfiguration, apiVersion: String = "2", accounts: [String]? = nil, in folder: URL
    ) async throws -> SocialSandbox {
        let emulator = try await SocialEmulator.start(configuration)
        var environment: [String: String] = [:]
        var xml = "<services xmlns=\"urn:wfrun:services:1\">\n"
        for account in emulator.dataset.xAccounts where accounts?.contains(account.screenName) ?? true {
            let prefix = account.screenName.uppercased() + "_X"
            environment["\(prefix)_CONSUMER_KEY"] = account.credentials.consumerKey
            environment["\(prefix)_CONSUMER_SECRET"] = account.credentials.consumerSecret
            environment["\(prefix)_ACCESS_TOKEN"] = account.credentials.token
            environment["\(prefix)_ACCESS_TOKEN_SECRET"] = account.credentials.tokenSecret
            xml += """
                  <service name="\(account.screenName)" type="twitter" label="\(account.label)" apiVersion="\(apiVersion)"
                           baseURL="\(emulator.xBaseURL.absoluteString)" visitorFolder="\(account.visitorFolder)"
                           syncSubscriptions="\(account.syncSubscriptions)" test="\(account.test)">
                    <consumerKey env="\(prefix)_CONSUMER_KEY"/>
                    <consumerSecret env="\(prefix)_CONSUMER_SECRET"/>
                    <accessToken env="\(prefix)_ACCESS_TOKEN"/>
                    <accessTokenSecret env="\(prefix)_ACCESS_TOKEN_SECRET"/>
                  </service>

                """
        }
        for page in emulator.dataset.facebookPages {
            let prefix = page.serviceName.uppercased() + "_FB"
            environment["\(prefix)_PAGE_TOKEN"] = page.accessToken
            environment["\(prefix)_APP_SECRET"] = page.appSecret
            xml += """
                  <service name="\(page.serviceName)" type="facebook" label="\(page.name)" pageId="\(page.id)" appId="\(page.appID)"
                           baseURL="\(emulator.facebookBaseURL.absoluteString)" visitorFolder="\(page.visitorFolder)">
                    <pageAccessToken env="\(prefix)_PAGE_TOKEN"/>
                    <appSecret env="\(prefix)_APP_SECRET"/>
                  </service>

                """
        }
        xml += "</services>\n"
        let servicesFile = folder.appendingPathComponent("services.xml").path
        try xml.write(toFile: servicesFile, atomically: true, encoding: .utf8)
        return SocialSandbox(
            emulator: emulator, folder: folder, servicesFile: servicesFile,
            database: folder.appendingPathComponent("wfrun-\(UUID().uuidString).sqlite").path, environment: environment)
    }

    /// `wfrun run WORKFLOW --services … --db …` (a file under Workflows/ by its name).
    func run(_ workflow: String, _ extra: [String] = [], environment: [String: String] = [:], timeout: Double = 120) async throws -> ProcessOutcome {
        try await wfrun(["run", Repository.root.appendingPathComponent("Workflows/\(workflow)").path,
                         "--services", servicesFile, "--db", database] + extra, environment: environment, timeout: timeout)
    }

    /// `wfrun ARGUMENTS` with the secrets' variables, off the test's concurrency threads (the
    /// in-process emulator must keep answering while the test waits).
    func wfrun(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) async throws -> ProcessOutcome {
        let merged = self.environment.merging(environment) { _, new in new }
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try WfrunProcess.run(arguments, environment: merged, timeout: timeout) })
            }.start()
        }
    }

    /// The rows of a table, as `wfrun show TABLE --format json` prints them, each value as text
    /// (see `Cell`).
    func rows(_ table: String) async throws -> [[String: String]] {
        let outcome = try await wfrun(["show", table, "--format", "json", "--db", database])
        #expect(outcome.exitCode == 0, "\(outcome)")
        let rows = try JSONDecoder().decode([[String: Cell]].self, from: Data(outcome.standardOutput))
        return rows.map { $0.mapValues(\.text) }
    }

    func shutdown() async {
        try? await emulator.shutdown()
    }
}

/// A JSON value as comparable text: null as "∅", whole numbers without a fraction,
/// booleans as true/false, strings as they are.
struct Cell: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            text = "∅"
        } else if let bool = try? container.decode(Bool.self) {
            text = bool ? "true" : "false"
        } else if let number = try? container.decode(Double.self) {
            text = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        } else {
            text = try container.decode(String.self)
        }
    }
}

/// Runs an async test body with a temporary folder removed afterwards.
func withTemporaryFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfrun-social-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}

/// Returns once the wall clock reads `instant` or later: waits for that event (at most
/// `bound` seconds, then records an issue), rather than sleeping a guessed time.
func waitForTheClock(toPass instant: Date, bound: Double = 5) async throws {
    let deadline = Date().addingTimeInterval(bound)
    while Date() < instant {
        guard Date() < deadline else {
            Issue.record("the clock did not reach \(instant) within \(bound) s")
            return
        }
        try await Task.sleep(nanoseconds: UInt64(max(0.001, min(0.05, instant.timeIntervalSinceNow)) * 1_000_000_000))
    }
}
