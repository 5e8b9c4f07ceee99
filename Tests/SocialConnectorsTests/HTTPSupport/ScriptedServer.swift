import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A real HTTP server on loopback that answers a scripted sequence of responses (503, 503, 200;
/// a 429 with reset headers; a 401 code 89…) and records what it received, so the client's
/// retry and rate-limit behaviour is tested over real sockets.
final class ScriptedServer: Sendable {
    /// One scripted answer.
    struct Step: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: String = "{}"
        /// Seconds to hold the answer (to provoke a client timeout).
        var delay: Double = 0

        static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Step {
            Step(status: status, headers: headers, body: body)
        }
    }

    /// One request as the server saw it.
    struct Received: Sendable {
        var method: String
        var path: String
        var query: String
        var authorization: String?
        var contentType: String?
        var body: String
    }

    private let box: StateBox
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    /// The port it listens on.
    let port: Int

    /// `http://127.0.0.1:PORT`.
    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Every request received, in order.
    var received: [Received] { box.state.withLock { $0.received } }

    private init(box: StateBox, group: ServiceGroup, task: Task<Void, any Error>, port: Int) {
        self.box = box
        self.group = group
        self.task = task
        self.port = port
    }

    /// Starts a server answering `steps` in order (then 500 "script exhausted").
    static func start(_ steps: [Step]) async throws -> ScriptedServer {
        let box = StateBox(steps: steps)
        let router = Router()
        router.on("**", method: .get) { request, _ in try await box.answer(request) }
        router.on("**", method: .post) { request, _ in try await box.answer(request) }
        var logger = Logger(label: "scripted-server")
        logger.logLevel = .critical
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task { try await group.run() }
        var port = 0
        for await value in stream { port = value }
        return ScriptedServer(box: box, group: group, task: task, port: port)
    }

    /// Stops the server and waits for it.
    func shutdown() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    /// Runs `body` with a server answering `steps`, then shuts it down.
    static func with<T>(_ steps: [Step], _ body: (ScriptedServer) async throws -> T) async throws -> T {
        let server = try await start(steps)
        do {
            let result = try await body(server)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// Shares the script with the router's closures.
    private final class StateBox: Sendable {
        let state: Mutex<(steps: [Step], received: [Received])>
        init(steps: [Step]) { state = Mutex((steps, [])) }

        func answer(_ request: Request) async throws -> Response {
            let body = try await request.body.collect(upTo: 1 << 20)
            let received = Received(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                authorization: request.headers[.authorization], contentType: request.headers[.contentType],
                body: String(buffer: body))
            let step = state.withLock { state -> Step in
                state.received.append(received)
                return state.steps.isEmpty ? Step(status: 500, body: "{\"error\":\"script exhausted\"}") : state.steps.removeFirst()
            }
            if step.delay > 0 { try await Task.sleep(nanoseconds: UInt64(step.delay * 1e9)) }
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            for (name, value) in step.headers {
                if let field = HTTPField.Name(name) { fields[field] = value }
            }
            return Response(
                status: HTTPResponse.Status(code: step.status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(string: step.body)))
        }
    }
}
