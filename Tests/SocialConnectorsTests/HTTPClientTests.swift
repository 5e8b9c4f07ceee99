import Glibc
import Foundation
import SocialAuth
import Testing
import WorkflowEngine

@testable import SocialConnectors

/// The one retry policy, over real loopback HTTP: exact waits on a ManualClock, exact attempt
/// counts, exact messages.
@Suite struct HTTPClientTests {
    struct Me: JSONResponse {
        var id: String

        init(json: JSONNode) throws {
            id = try json.required("data").required("id").string()
        }
    }

    static let me = #"{"data":{"id":"42","name":"ACME","username":"acme"}}"#

    func request(_ server: ScriptedServer, endpoint: String = "account") -> APIRequest {
        .get(server.baseURL, path: "/2/users/me", query: [("user.fields", "created_at")], endpoint: endpoint)
    }

    @Test func serverErrorsAreRetriedWithJitteredExponentialBackoffAndFreshSignatures() async throws {
        try await ScriptedServer.with([.json(503, "{}"), .json(502, "{}"), .json(200, Self.me)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let client = Fixtures.xClient(baseURL: server.baseURL, clock: clock, limits: APILimits(backoffBase: 0.5, backoffCap: 60), seed: 7)
            let me = try await client.decode(Me.self, from: request(server))
            #expect(me.id == "42")
            let jitter = SeededJitter(seed: 7)
            let backoff = Backoff(base: 0.5, cap: 60)
            #expect(clock.sleeps == [backoff.delay(retry: 1, jitter: jitter.next()), backoff.delay(retry: 2, jitter: jitter.next())])
            #expect(clock.sleeps[0] < 0.5 && clock.sleeps[1] < 1.0)
            let received = server.received
            #expect(received.count == 3)
            let nonces = received.compactMap { $0.authorization.flatMap(OAuth1.parseAuthorizationHeader)?["oauth_nonce"] }
            #expect(Set(nonces).count == 3, "every attempt is signed afresh")
            #expect(received.allSatisfy { $0.query == "user.fields=created_at" })
        }
    }

    @Test func givingUpSaysHowManyAttemptsAndTheLastCause() async throws {
        try await ScriptedServer.with(Array(repeating: .json(503, "{}"), count: 3)) { server in
            let clock = ManualClock(start: Fixtures.start)
            let client = Fixtures.xClient(baseURL: server.baseURL, clock: clock, limits: APILimits(maxAttempts: 3))
            let message = await Fixtures.message { _ = try await client.send(request(server)) }
            let url = "http://127.0.0.1:\(server.port)/2/users/me"
            #expect(message == "X service 'acme': GET \(url) failed 3 times; last cause: HTTP 503 from \(url). The API may be down or overloaded: run again later")
            #expect(server.received.count == 3)
            #expect(clock.sleeps.count == 2)
        }
    }

    @Test func aTruncatedSuccessIsRetried() async throws {
        try await ScriptedServer.with([.json(200, #"{"data":{"id":"4"#), .json(200, Self.me)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let client = Fixtures.xClient(baseURL: server.baseURL, clock: clock)
            let me = try await client.decode(Me.self, from: request(server))
            #expect(me.id == "42")
            #expect(server.received.count == 2)
            #expect(clock.sleeps.count == 1)
        }
    }

    @Test func aTimeoutIsRetried() async throws {
        // A 1 s timeout against a 3 s hold: the second request has a whole second to answer,
        // which a loaded machine still gives it (0.3 s was not always enough).
        try await ScriptedServer.with([ScriptedServer.Step(status: 200, body: Self.me, delay: 3), .json(200, Self.me)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let client = Fixtures.xClient(baseURL: server.baseURL, clock: clock, limits: APILimits(requestTimeout: 1))
            let me = try await client.decode(Me.self, from: request(server))
            #expect(me.id == "42")
            #expect(clock.sleeps.count == 1)
        }
    }

    @Test func a429WaitsUntilTheResetAndDoesNotCountAsAnAttempt() async throws {
        let reset = Fixtures.start.addingTimeInterval(120)
        let limited = ScriptedServer.Step.json(
            429, #"{"errors":[{"code":88,"message":"Rate limit exceeded"}]}"#, headers: Fixtures.rateHeaders(remaining: 0, reset: reset))
        try await ScriptedServer.with([limited, .json(200, Self.me)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let client = Fixtures.xClient(baseURL: server.baseURL, clock: clock, limits: APILimits(maxAttempts: 1))
            let me = try await client.decode(Me.self, from: request(server))
            #expect(me.id == "42")
            #expect(clock.sleeps == [120])
        }
    }

    @Test func a429WithoutResetWaitsOneMinute() async throws {
        let limited = ScriptedServer.Step.json(429, #"{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}"#)
        try await ScriptedServer.with([limited, .json(200, Self.me)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let client = Fixtures.xClient(baseURL: server.baseURL, clock: clock)
            _ = try await client.send(request(server))
            #expect(clock.sleeps == [60])
        }
    }

    @Test func anExhaustedWindowIsWaitedOutBeforeTheNextRequestToTheSameEndpoint() async throws {
        let reset = Fixtures.start.addingTimeInterval(300)
        let steps: [ScriptedServer.Step] = [
            .json(200, Self.me, headers: Fixtures.rateHeaders(remaining: 0, reset: reset)),
            .json(200, Self.me, headers: Fixtures.rateHeaders(remaining: 5, reset: reset)),
            .json(200, Self.me, headers: Fixtures.rateHeaders(remaining: 14, reset: reset.addingTimeInterval(900))),
        ]
        try await ScriptedServer.with(steps) { server in
            let clock = ManualClock(start: Fixtures.start)
            let client = Fixtures.xClient(baseURL: server.baseURL, clock: clock)
            _ = try await client.send(request(server, endpoint: "followers"))
            #expect(clock.sleeps.isEmpty)
            _ = try await client.send(request(server, endpoint: "posts"))
            #expect(clock.sleeps.isEmpty, "another endpoint has its own window")
            _ = try await client.send(request(server, endpoint: "followers"))
            #expect(clock.sleeps == [300])
            #expect(server.received.count == 3)
        }
    }

    @Test func aWaitLongerThanMaxWaitPausesTheRun() async throws {
        let reset = Fixtures.start.addingTimeInterval(900)
        let limited = ScriptedServer.Step.json(
            429, #"{"errors":[{"code":88,"message":"Rate limit exceeded"}]}"#, headers: Fixtures.rateHeaders(remaining: 0, reset: reset))
        try await ScriptedServer.with([limited]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let client = Fixtures.xClient(baseURL: server.baseURL, clock: clock, limits: APILimits(maxWait: 600))
            do {
                _ = try await client.send(request(server, endpoint: "followers"))
                Issue.record("expected a RunPause")
            } catch let pause as RunPause {
                #expect(pause.reason == "X rate limit for followers of service 'acme' resets at 2026-01-01T00:15:00Z")
                #expect(pause.resumeAt == reset)
            }
            #expect(clock.sleeps.isEmpty)
            #expect(server.received.count == 1)
        }
    }

    @Test func aDeadNetworkFailsAtOnceNamingTheBaseURL() async throws {
        // A port held by a socket that is bound but never listens: connections to it are
        // refused, and no other test can take it meanwhile (a port freed by a stopped server could be).
        let closed = try ClosedPort()
        defer { closed.release() }
        let port = closed.port
        let clock = ManualClock(start: Fixtures.start)
        let client = Fixtures.xClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!, clock: clock)
        let message = await Fixtures.message {
            _ = try await client.send(.get(URL(string: "http://127.0.0.1:\(port)")!, path: "/2/users/me", endpoint: "account"))
        }
        #expect(message == "cannot reach http://127.0.0.1:\(port) (connection refused): check baseURL of service 'acme' and the network")
        #expect(clock.sleeps.isEmpty)
    }

    @Test func failureMessagesNeverContainASecretOrAQuery() async throws {
        let echo = #"{"errors":[{"code":99,"message":"bad token at-SECRET-access-token-3333"}]}"#
        let steps: [ScriptedServer.Step] = [
            .json(401, #"{"errors":[{"code":89,"message":"Invalid or expired token."}]}"#),
            .json(401, #"{"errors":[{"code":32,"message":"Could not authenticate you."}]}"#),
            .json(400, echo),
            .json(403, echo),
            .json(503, "{}"), .json(503, "{}"),
        ]
        try await ScriptedServer.with(steps) { server in
            let clock = ManualClock(start: Fixtures.start)
            let client = Fixtures.xClient(baseURL: server.baseURL, clock: clock, limits: APILimits(maxAttempts: 2))
            var messages: [String] = []
            for _ in 0..<5 {
                let withSecretQuery = APIRequest.get(
                    server.baseURL, path: "/2/users/me", query: [("access_token", Fixtures.credentials.token)], endpoint: "account")
                if let message = await Fixtures.message(of: { _ = try await client.send(withSecretQuery) }) { messages.append(message) }
            }
            #expect(messages.count == 5)
            for message in messages {
                for secret in Fixtures.secretValues {
                    #expect(!message.contains(secret), "\(message)")
                }
                #expect(!message.contains("access_token"), "\(message)")
                #expect(!message.contains("OAuth "), "\(message)")
            }
        }
    }
}

/// A loopback TCP port bound to a socket that does not listen.
struct ClosedPort {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard descriptor >= 0, bound == 0, named == 0 else { throw CocoaError(.fileNoSuchFile) }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func release() { close(descriptor) }
}
