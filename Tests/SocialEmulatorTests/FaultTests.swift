import AsyncHTTPClient
import Foundation
import NIOCore
import SocialEmulator
import Testing

/// Injected faults: over capacity, truncated JSON, reset connections and held responses.
struct FaultTests {
    static func configuration(_ plan: String, delay: Double = 30) throws -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration(followers: 50)
        configuration.faults = try FaultPlan.parse(plan)
        configuration.timeoutFaultDelay = delay
        return configuration
    }

    @Test func overCapacityOnEveryRequest() async throws {
        try await EmulatorClient.with(try Self.configuration("503:100%")) { client in
            for _ in 0..<3 {
                let v1 = try await client.x("/1.1/followers/list.json?cursor=-1")
                #expect(v1.status == 503)
                #expect(v1.body == #"{"errors":[{"code":130,"message":"Over capacity"}]}"#)
            }
            let v2 = try await client.x("/2/users/me")
            #expect(v2.status == 503)
            let graph = try await client.graph("/\(client.page.id)/posts")
            #expect(graph.status == 500)
            let error = try #require(graph.object?["error"] as? [String: Any])
            #expect(error["code"] as? Int == 2)
            #expect(error["is_transient"] as? Bool == true)
            #expect(error["message"] as? String == "An unexpected error has occurred. Please retry your request later.")
        }
    }

    @Test func badJSONIsA200WithATruncatedBody() async throws {
        try await EmulatorClient.with(try Self.configuration("badjson:100%")) { client in
            let response = try await client.x("/2/users/\(client.demo.id)/followers?max_results=10")
            #expect(response.status == 200)
            #expect(!response.body.isEmpty)
            #expect(!response.isJSON)
            let graph = try await client.graph("/\(client.page.id)/posts")
            #expect(graph.status == 200 && !graph.isJSON)
        }
    }

    @Test func resetClosesTheConnectionWithoutAResponse() async throws {
        try await EmulatorClient.with(try Self.configuration("reset:100%")) { client in
            await #expect(throws: (any Error).self) {
                _ = try await client.x("/2/users/me")
            }
            await #expect(throws: (any Error).self) {
                _ = try await client.graph("/\(client.page.id)")
            }
        }
    }

    @Test func aHeldResponseMakesTheClientTimeOut() async throws {
        // The hold (30 s) is far past both the client's deadline and the bound below, so the
        // bound tells the two apart even on a loaded machine.
        try await EmulatorClient.with(try Self.configuration("timeout:100%", delay: 30)) { client in
            var hurried = client
            hurried.timeout = .milliseconds(200)
            let started = ContinuousClock.now
            await #expect(throws: HTTPClientError.deadlineExceeded) {
                _ = try await hurried.x("/2/users/me")
            }
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func aLongHoldDoesNotDelayShutdown() async throws {
        let emulator = try await SocialEmulator.start(try Self.configuration("timeout:100%", delay: 30))
        // The request stays in flight, held, while the emulator shuts down (a client deadline
        // could end it before it even arrived, and the test would show nothing).
        let client = EmulatorClient(emulator)
        let request = Task { try? await client.x("/2/users/me") }
        for _ in 0..<1000 where emulator.requestCount == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(emulator.requestCount == 1)
        let started = ContinuousClock.now
        try await emulator.shutdown()
        _ = await request.value
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func faultsAreDrawnFromTheSeedAndAShareOfRequests() async throws {
        try await EmulatorClient.with(try Self.configuration("503:30%")) { client in
            var failures = 0
            for _ in 0..<60 where try await client.x("/2/users/me").status == 503 { failures += 1 }
            #expect((8...32).contains(failures), "about 30% of 60, got \(failures)")
        }
        // The same seed, the same sequence of faults.
        func sequence() async throws -> [Int] {
            try await EmulatorClient.with(try Self.configuration("503:50%")) { client in
                var statuses: [Int] = []
                for _ in 0..<12 { statuses.append(try await client.x("/2/users/me").status) }
                return statuses
            }
        }
        #expect(try await sequence() == (try await sequence()))
    }

    @Test func faultsSpareRequestsOutsideTheAPIs() async throws {
        try await EmulatorClient.with(try Self.configuration("503:100%")) { client in
            let response = try await client.get(client.emulator.xBaseURL.absoluteString + "/health")
            #expect(response.status == 404)
        }
    }
}
