import ArgumentParser
import Dispatch
import Foundation
import SocialEmulator

/// `wfrun emulate`: serves the X and Facebook API emulator until SIGINT or SIGTERM.
struct EmulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Serve a local emulator of the X and Facebook APIs wfrun uses.",
        discussion: """
            The emulator speaks the X API (v1.1 and v2, OAuth 1.0a signed) and the
            Facebook Graph API subset of Docs/social-apis.md, over people and posts
            generated from --seed. Its accounts are the sandbox ones: X wfrun_demo,
            wfrun_news and wfrun_proofs; Facebook wfrunpage (then wfrunpage2, ...). On
            start it prints a services file for them and the `export` lines of their
            (public, sandbox) credentials.

            Examples:
              wfrun emulate                        port 8080, 2,500 followers each
              wfrun emulate --followers 1000000 --port 9000
              wfrun emulate --rate-limit 15/15m --faults 503:5%,timeout:1%
              wfrun emulate --dm-limit 5/1m --closed-dms-every 10 --faults slowsend:20%

            GET /_emulator/messages?sender=ID and /_emulator/publishing-requests
            show what was sent (Docs/social-apis.md).

            Stops on SIGINT (Ctrl-C) or SIGTERM. Exit codes: 0 stopped, 1 cannot listen, 2
            usage error.
            """)

    @Option(help: "The TCP port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Seed of the generated people, posts and faults: the same seed serves the same data.")
    var seed: UInt64 = 1

    @Option(help: "Followers of each X account (accounts share half of their followers with the next one), \(EmulatedFollowersRange.text).")
    var followers: BoundedCount<EmulatedFollowersRange> = 2_500

    @Option(help: "Facebook pages to serve, \(EmulatedPagesRange.text).")
    var pages: BoundedCount<EmulatedPagesRange> = 1

    @Option(help: ArgumentHelp(
        "Requests allowed per window, per account or page and endpoint: 15/15m, 50/1s, 900/900s (default: announced, never enforced).",
        valueName: "requests/window"))
    var rateLimit: String?

    @Option(help: ArgumentHelp(
        "Faults injected into API requests: KIND:PERCENT%,... with KIND 503, timeout, badjson, reset or slowsend (a send recorded, then its answer held; e.g. 503:5%,slowsend:10%).",
        valueName: "spec"))
    var faults: String?

    @Option(help: ArgumentHelp(
        "How long a timeout fault holds its response (such as 30s; a bare number is seconds), \(TimeoutDelayRange.text).",
        valueName: "duration"))
    var timeoutDelay: DurationOption<TimeoutDelayRange> = "30s"

    @Option(help: ArgumentHelp(
        "How long a slowsend fault holds the answer to a send it recorded (such as 2s; a bare number is seconds), \(SlowSendDelayRange.text).",
        valueName: "duration"))
    var slowSendDelay: DurationOption<SlowSendDelayRange> = "2s"

    @Option(help: ArgumentHelp(
        "Direct messages each X account may send: MESSAGES/WINDOW,... or none (default: X's, v1.1 1000/24h and v2 200/15m,1000/24h, when --rate-limit is given; none otherwise).",
        valueName: "limits"))
    var dmLimit: String?

    @Option(help: "Every Nth generated person refuses direct messages (403, code 349), \(ClosedDirectMessagesRange.text); 0: nobody.")
    var closedDmsEvery: BoundedCount<ClosedDirectMessagesRange> = 50

    @Flag(help: "Make the test account wfrun_proofs public (it is protected), so that proofs are refused.")
    var unprotectedTestAccount = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        _ = try emulatorConfiguration()
    }

    /// The emulator's configuration; a bad --rate-limit, --faults or --dm-limit is a usage error.
    private func emulatorConfiguration() throws -> EmulatorConfiguration {
        do {
            var configuration = EmulatorConfiguration(
                seed: seed, followers: followers.value, pages: pages.value, rateLimit: try rateLimit.map(RateLimit.parse),
                faults: try faults.map(FaultPlan.parse) ?? .none, timeoutFaultDelay: timeoutDelay.seconds)
            configuration.slowSendDelay = slowSendDelay.seconds
            configuration.directMessageLimits = try dmLimit.map(RateLimit.parseList)
            configuration.closedDirectMessagesEvery = closedDmsEvery.value
            configuration.testAccountProtected = !unprotectedTestAccount
            return configuration
        } catch let error as EmulatorConfigurationError {
            throw ValidationError(error.description)
        }
    }

    mutating func run() async throws {
        let configuration = try emulatorConfiguration()
        let emulator: SocialEmulator
        do {
            emulator = try await SocialEmulator.start(configuration, host: host, port: port)
        } catch {
            FileHandleOutput.standardError.write("wfrun: \(error)\n")
            throw ExitCode(1)
        }
        // Installed before the banner: a SIGTERM right after it must stop, not kill.
        let signals = StopSignals(secondSignal: "the emulator keeps no state")
        FileHandleOutput.standardOutput.write(Self.banner(emulator))
        let signal = await signals.wait()
        FileHandleOutput.standardError.write("wfrun: \(signal), stopping the emulator (\(emulator.requestCount) requests served)\n")
        try await emulator.shutdown()
    }

    // MARK: What is printed on start

    static func banner(_ emulator: SocialEmulator) -> String {
        let configuration = emulator.configuration
        let x = emulator.xBaseURL.absoluteString
        var text = """
            wfrun emulator listening on \(listening(emulator))
              X API:      \(x)/1.1/... and \(x)/2/...
              Graph API:  \(emulator.facebookBaseURL.absoluteString)/...
              seed \(configuration.seed), \(configuration.followers) followers per X account, \(configuration.pages) Facebook page(s), rate limit \(configuration.rateLimit?.description ?? "not enforced"), faults \(configuration.faults)
              direct messages: \(directMessages(configuration))

            # The sandbox credentials (public test values, not secrets):

            """
        text += exports(emulator.dataset).map { "export \($0.name)='\($0.value)'\n" }.joined()
        text += "\n# A services file for these accounts (save as services.xml):\n\n"
        text += servicesXML(emulator)
        text += "\nPress Ctrl-C to stop.\n"
        return text
    }

    /// The direct message limits, who refuses messages, and whether the test account is protected.
    static func directMessages(_ configuration: EmulatorConfiguration) -> String {
        let v1 = configuration.effectiveDirectMessageLimits(v1: true)
        let v2 = configuration.effectiveDirectMessageLimits(v1: false)
        let limits =
            v1.isEmpty && v2.isEmpty
            ? "no limit" : "limits v1.1 \(v1.map(\.description).joined(separator: ",")), v2 \(v2.map(\.description).joined(separator: ","))"
        let closed =
            configuration.closedDirectMessagesEvery == 0
            ? "everybody accepts them" : "1 person in \(configuration.closedDirectMessagesEvery) refuses them"
        return "\(limits), \(closed), wfrun_proofs \(configuration.testAccountProtected ? "protected" : "public")"
    }

    /// `http://ADDRESS:PORT` as bound; for a wildcard address (every interface), also the URL
    /// clients on this machine use (the one the services file below names).
    static func listening(_ emulator: SocialEmulator) -> String {
        let address = emulator.boundAddress
        let bound = "http://\(address.contains(":") ? "[\(address)]" : address):\(emulator.port)"
        guard address == "0.0.0.0" || address == "::" else { return bound }
        return "\(bound) (every interface; from this machine: \(emulator.xBaseURL.absoluteString))"
    }

    /// The environment variables of the sandbox credentials, in services-file order.
    static func exports(_ dataset: EmulatorDataset) -> [(name: String, value: String)] {
        var exports: [(name: String, value: String)] = []
        for account in dataset.xAccounts {
            let prefix = environmentPrefix(account.screenName) + "_X_"
            exports += [
                (prefix + "CONSUMER_KEY", account.credentials.consumerKey),
                (prefix + "CONSUMER_SECRET", account.credentials.consumerSecret),
                (prefix + "ACCESS_TOKEN", account.credentials.token),
                (prefix + "ACCESS_TOKEN_SECRET", account.credentials.tokenSecret),
            ]
        }
        for page in dataset.facebookPages {
            let prefix = environmentPrefix(page.serviceName) + "_FB_"
            exports += [(prefix + "PAGE_ACCESS_TOKEN", page.accessToken), (prefix + "APP_SECRET", page.appSecret)]
        }
        return exports
    }

    /// A services file (urn:wfrun:services:1) pointing the sandbox services at the emulator.
    static func servicesXML(_ emulator: SocialEmulator) -> String {
        var xml = "<services xmlns=\"urn:wfrun:services:1\">\n"
        for account in emulator.dataset.xAccounts {
            let prefix = environmentPrefix(account.screenName) + "_X_"
            xml += """
                  <service name="\(escape(account.screenName))" type="twitter" label="\(escape(account.label))" apiVersion="2" baseURL="\(escape(emulator.xBaseURL.absoluteString))" visitorFolder="\(escape(account.visitorFolder))" syncSubscriptions="\(account.syncSubscriptions)" test="\(account.test)">
                    <consumerKey env="\(prefix)CONSUMER_KEY"/>
                    <consumerSecret env="\(prefix)CONSUMER_SECRET"/>
                    <accessToken env="\(prefix)ACCESS_TOKEN"/>
                    <accessTokenSecret env="\(prefix)ACCESS_TOKEN_SECRET"/>
                  </service>

                """
        }
        for page in emulator.dataset.facebookPages {
            let prefix = environmentPrefix(page.serviceName) + "_FB_"
            xml += """
                  <service name="\(escape(page.serviceName))" type="facebook" label="\(escape(page.name)) on Facebook" pageId="\(page.id)" appId="\(page.appID)" baseURL="\(escape(emulator.facebookBaseURL.absoluteString))" visitorFolder="\(escape(page.visitorFolder))" syncSubscriptions="false" test="false">
                    <pageAccessToken env="\(prefix)PAGE_ACCESS_TOKEN"/>
                    <appSecret env="\(prefix)APP_SECRET"/>
                  </service>

                """
        }
        return xml + "</services>\n"
    }

    /// `wfrun_demo` → `WFRUN_DEMO`
    private static func environmentPrefix(_ name: String) -> String {
        String(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
