import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A local server speaking the X (v1.1 and v2) and Facebook Graph API subset of
/// `Docs/social-apis.md`: the published shapes, status codes, headers, errors and paging, over
/// a dataset generated from a seed, with optional rate limits and injected faults.
///
/// ```swift
/// let emulator = try await SocialEmulator.start(EmulatorConfiguration(followers: 1_000))
/// // point a connector at emulator.xBaseURL / emulator.facebookBaseURL, then:
/// try await emulator.shutdown()
/// ```
///
/// Every X request must be signed with the credentials of one of `dataset.xAccounts`; every Graph
/// request must carry a page's access token (and its `appsecret_proof`).
public final class SocialEmulator: Sendable {
    /// The data served.
    public let dataset: EmulatorDataset
    /// The configuration it runs with.
    public let configuration: EmulatorConfiguration
    /// The port it listens on (the actual one when started with port 0).
    public let port: Int
    /// The host it listens on, as asked for (`127.0.0.1`, `0.0.0.0`, `localhost`).
    public let host: String
    /// The IP address it is bound to (`0.0.0.0` for every IPv4 interface).
    public let boundAddress: String

    private let state: EmulatorState
    private let shutdownSignal: ShutdownSignal
    private let serviceGroup: ServiceGroup
    private let server: Task<Void, any Error>

    private init(
        dataset: EmulatorDataset, configuration: EmulatorConfiguration, port: Int, host: String, boundAddress: String,
        state: EmulatorState, shutdownSignal: ShutdownSignal, serviceGroup: ServiceGroup, server: Task<Void, any Error>
    ) {
        self.dataset = dataset
        self.configuration = configuration
        self.port = port
        self.host = host
        self.boundAddress = boundAddress
        self.state = state
        self.shutdownSignal = shutdownSignal
        self.serviceGroup = serviceGroup
        self.server = server
    }

    /// Starts an emulator and returns once it is listening. Port 0 picks a free port.
    public static func start(_ configuration: EmulatorConfiguration, host: String = "127.0.0.1", port: Int = 0) async throws -> SocialEmulator {
        let dataset = EmulatorDataset(configuration: configuration)
        let state = EmulatorState()
        let shutdownSignal = ShutdownSignal()
        let responder = EmulatorResponder(configuration: configuration, dataset: dataset, state: state, shutdown: shutdownSignal)
        var logger = Logger(label: "wfrun.emulator")
        logger.logLevel = .error
        let listening = ListeningPort()
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "wfrun-emulator"),
            onServerRunning: { channel in
                listening.resolve(.success((channel.localAddress?.port ?? port, channel.localAddress?.ipAddress ?? host)))
            },
            logger: logger)
        let serviceGroup = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let server = Task {
            do {
                try await serviceGroup.run()
                listening.resolve(.failure(SocialEmulatorError.stoppedBeforeListening(host: host, port: port, reason: "the server stopped")))
            } catch {
                listening.resolve(.failure(SocialEmulatorError.stoppedBeforeListening(host: host, port: port, reason: "\(error)")))
                throw error
            }
        }
        let (actualPort, boundAddress) = try await listening.value()
        return SocialEmulator(
            dataset: dataset, configuration: configuration, port: actualPort, host: host, boundAddress: boundAddress, state: state,
            shutdownSignal: shutdownSignal, serviceGroup: serviceGroup, server: server)
    }

    /// Stops listening, ends responses held by `timeout` faults, and waits for the server to stop.
    public func shutdown() async throws {
        shutdownSignal.fire()
        await serviceGroup.triggerGracefulShutdown()
        try await server.value
    }

    private var addressHost: String {
        host == "0.0.0.0" || host == "::" || host.isEmpty ? "127.0.0.1" : host
    }

    /// `http://127.0.0.1:PORT`: X clients append `/1.1/…` or `/2/…`.
    public var xBaseURL: URL { URL(string: "http://\(addressHost):\(port)")! }

    /// `http://127.0.0.1:PORT/v24.0`: Graph clients append `/{id}/…`.
    public var facebookBaseURL: URL { URL(string: "http://\(addressHost):\(port)/v24.0")! }

    /// Requests served so far (every request, faulted ones included).
    public var requestCount: Int { state.requestCount }

    // MARK: Changing the world while it runs

    /// That user no longer follows that X account (screen name or id), from the next request on.
    public func unfollow(account: String, userID: String) {
        guard let account = xAccount(account), let index = dataset.userIndex(id: userID),
            dataset.followerIndexes(of: account).contains(index)
        else { return }
        state.unfollow(account: account.index, user: index)
    }

    /// Revokes an X account's access token: its requests get 401 code 89.
    public func revoke(account: String) {
        guard let account = xAccount(account) else { return }
        state.revoke(account: account.index)
    }

    /// Expires a page's access token (page id or service name): Graph calls get 190/463.
    public func expireToken(page: String) {
        guard let page = dataset.facebookPages.first(where: { $0.id == page || $0.serviceName == page }) else { return }
        state.expire(page: page.index, at: configuration.now())
    }

    // MARK: Looking at what happened

    /// An account's followers now (unfollows deducted).
    public func followerCount(of account: EmulatedXAccount) -> Int {
        dataset.followerCount(of: account) - state.unfollowed(account: account.index).count
    }

    /// Posts an X account published through the API, oldest first.
    public func publishedPosts(of account: EmulatedXAccount) -> [EmulatedPost] {
        state.publishedPosts(account: account.index)
    }

    /// Posts published on a page through the API, oldest first.
    public func publishedPosts(of page: EmulatedPage) -> [EmulatedPagePost] {
        state.publishedPosts(page: page.index)
    }

    /// The pages of followers answered intact (no injected fault), in the order they were
    /// served: how a test sees what a client fetched again after a crash.
    public var deliveredFollowerPages: [FollowerPage] { state.deliveredPages }

    /// Direct messages sent through the API (v1.1 and v2), in order.
    public var sentMessages: [EmulatedMessage] { state.messages }

    /// Direct messages sent through the API (v1.1 and v2), in order (the same as `sentMessages`).
    public var messages: [EmulatedMessage] { state.messages }

    /// How many direct messages an account sent to each recipient id: what a test checks to
    /// show that every follower received exactly one message.
    public func messageCounts(from account: EmulatedXAccount) -> [String: Int] {
        state.messageCounts(sender: account.id)
    }

    /// The publishing requests received (every `POST` to the X and Graph APIs), in order, with
    /// their parameters and bodies as sent, whatever the answer was.
    public var publishingRequests: [PublishingRequest] { state.publishingRequests }

    private func xAccount(_ nameOrID: String) -> EmulatedXAccount? {
        dataset.xAccounts.first { $0.id == nameOrID || $0.screenName.lowercased() == nameOrID.lowercased() }
    }
}

/// Why an emulator could not start.
public enum SocialEmulatorError: Error, CustomStringConvertible {
    /// The server stopped before it listened (typically: the port is taken).
    case stoppedBeforeListening(host: String, port: Int, reason: String)

    /// What went wrong and what was expected, for a person.
    public var description: String {
        switch self {
        case .stoppedBeforeListening(let host, let port, let reason):
            "the emulator could not listen on \(host):\(port): \(reason)"
        }
    }
}

/// The port the server reports once it listens, handed to whoever awaits it, once.
private final class ListeningPort: Sendable {
    /// The port and the IP address the server is bound to.
    typealias Bound = (port: Int, address: String)

    private let state = Mutex<(result: Result<Bound, any Error>?, waiter: CheckedContinuation<Bound, any Error>?)>((nil, nil))

    func resolve(_ result: Result<Bound, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Bound, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func value() async throws -> Bound {
        try await withCheckedThrowingContinuation { continuation in
            let result = state.withLock { state -> Result<Bound, any Error>? in
                if state.result == nil { state.waiter = continuation }
                return state.result
            }
            if let result { continuation.resume(with: result) }
        }
    }
}
