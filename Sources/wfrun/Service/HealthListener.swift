import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The server's HTTP listener. It answers `/healthz` (the process is alive), `/readyz` (it
/// ticks: the store answers and the folder is loaded), the tracked links `/r/CODE`
/// (`LinkRedirects`), the consent pages `/join/SERVICE` (`JoinPages`), the console (`WebConsole`: its pages and its API) and `/metrics`
/// (Prometheus, `ServiceMetrics`; with the console, only for its token or a session).
final class HealthListener: Sendable {
    /// The address it listens on, such as `127.0.0.1:8686`.
    let address: String
    private let serviceGroup: ServiceGroup
    private let server: Task<Void, any Error>

    private init(address: String, serviceGroup: ServiceGroup, server: Task<Void, any Error>) {
        self.address = address
        self.serviceGroup = serviceGroup
        self.server = server
    }

    /// Starts listening on `host:port` (port 0 picks a free one) and returns once it listens.
    static func start(
        host: String, port: Int, links: LinkRedirects? = nil, console: WebConsole? = nil, join: JoinPages? = nil,
        metrics: ServiceMetrics? = nil, ready: @escaping @Sendable () async -> Bool
    ) async throws -> HealthListener {
        let router = Router()
        console?.register(on: router)
        links?.register(on: router)
        join?.register(on: router)
        if let metrics {
            router.get("metrics") { request, _ -> Response in
                let answer: @Sendable () async throws -> Response = {
                    Response(
                        status: .ok, headers: [.contentType: ServiceMetrics.contentType],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: await metrics.exposition())))
                }
                guard let console else { return try await answer() }
                return await console.read(request, answer)
            }
        }
        router.get("healthz") { _, _ in "ok\n" }
        router.get("readyz") { _, _ -> Response in
            let isReady = await ready()
            return Response(
                status: isReady ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: isReady ? "ready\n" : "not ready\n")))
        }
        var logger = Logger(label: "wfrun.serve.http")
        logger.logLevel = .error
        let bound = BoundAddress()
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "wfrun"),
            onServerRunning: { channel in bound.resolve(.success("\(host):\(channel.localAddress?.port ?? port)")) },
            logger: logger)
        let serviceGroup = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let server = Task {
            do {
                try await serviceGroup.run()
                bound.resolve(.failure(ListenError(reason: "the listener stopped")))
            } catch {
                bound.resolve(.failure(ListenError(reason: "\(error)")))
                throw error
            }
        }
        let address = try await bound.value()
        return HealthListener(address: address, serviceGroup: serviceGroup, server: server)
    }

    /// Stops listening.
    func shutdown() async {
        await serviceGroup.triggerGracefulShutdown()
        _ = try? await server.value
    }
}

/// Why the listener could not listen.
struct ListenError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// The address the listener bound, once it is known.
private final class BoundAddress: Sendable {
    private let state = Mutex<(result: Result<String, ListenError>?, waiters: [CheckedContinuation<String, any Error>])>((nil, []))

    func resolve(_ result: Result<String, ListenError>) {
        let waiters = state.withLock { state -> [CheckedContinuation<String, any Error>] in
            guard state.result == nil else { return [] }
            state.result = result
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(with: result.mapError { $0 as any Error }) }
    }

    func value() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            let known = state.withLock { state -> Result<String, ListenError>? in
                if let result = state.result { return result }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(with: known.mapError { $0 as any Error }) }
        }
    }
}
