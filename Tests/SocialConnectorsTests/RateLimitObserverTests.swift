import Foundation
import Synchronization
import Testing
import WorkflowEngine

@testable import SocialConnectors

/// `APIClient` tells its `RateLimitObserver` of every rate-limit wait (how long, which service)
/// and of every wait longer than `--max-wait` that pauses the run instead; a retry's backoff is
/// not a rate limit and is not told.
@Suite struct RateLimitObserverTests {
    final class Told: RateLimitObserver {
        let events = Mutex<[String]>([])

        func rateLimitWaited(service: String, seconds: Double) {
            events.withLock { $0.append("waited \(service) \(seconds)") }
        }

        func rateLimitPaused(service: String, seconds: Double) {
            events.withLock { $0.append("paused \(service) \(seconds)") }
        }
    }

    static func client(_ server: ScriptedServer, clock: ManualClock, limits: APILimits, told: Told) -> APIClient {
        APIClient(
            dialect: XDialect(serviceName: "acme", apiVersion: .v2, credentials: Fixtures.credentials), transport: Fixtures.transport,
            clock: clock, limits: limits, jitter: SeededJitter(seed: 7), rateLimits: told)
    }

    static func request(_ server: ScriptedServer) -> APIRequest {
        .get(server.baseURL, path: "/2/users/me", query: [], endpoint: "followers")
    }

    static let limited = #"{"errors":[{"code":88,"message":"Rate limit exceeded"}]}"#

    @Test func aWaitForTheResetIsToldWithItsSecondsAndABackoffIsNot() async throws {
        let reset = Fixtures.start.addingTimeInterval(120)
        let steps: [ScriptedServer.Step] = [
            .json(429, Self.limited, headers: Fixtures.rateHeaders(remaining: 0, reset: reset)),
            .json(503, "{}"),
            .json(200, HTTPClientTests.me),
        ]
        try await ScriptedServer.with(steps) { server in
            let clock = ManualClock(start: Fixtures.start)
            let told = Told()
            _ = try await Self.client(server, clock: clock, limits: APILimits(), told: told).send(Self.request(server))
            #expect(clock.sleeps.count == 2)
            #expect(told.events.withLock { $0 } == ["waited acme 120.0"])
        }
    }

    @Test func aWaitLongerThanMaxWaitIsToldAsAPause() async throws {
        let reset = Fixtures.start.addingTimeInterval(900)
        try await ScriptedServer.with([.json(429, Self.limited, headers: Fixtures.rateHeaders(remaining: 0, reset: reset))]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let told = Told()
            await #expect(throws: RunPause.self) {
                _ = try await Self.client(server, clock: clock, limits: APILimits(maxWait: 600), told: told).send(Self.request(server))
            }
            #expect(told.events.withLock { $0 } == ["paused acme 900.0"])
        }
    }
}
