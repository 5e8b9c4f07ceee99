import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

@testable import SocialConnectors

/// The X source reads one page ahead: the next page is on its way while a batch is consumed,
/// and what happens to it — its records, its failure — is seen by the `next()` that returns it.
@Suite struct XBatchSourceTests {
    static let account = #"{"data":{"id":"42","name":"ACME","username":"acme"}}"#

    static func page(_ ids: [Int], next: String?) -> String {
        let users = ids.map { #"{"id":"\#($0)","username":"u\#($0)"}"# }.joined(separator: ",")
        let meta = next.map { #","meta":{"result_count":\#(ids.count),"next_token":"\#($0)"}"# } ?? ""
        return #"{"data":[\#(users)]\#(meta)}"#
    }

    static func source(_ server: ScriptedServer, clock: ManualClock) async throws -> any BatchSource {
        let connector = XConnector(
            services: ServiceDirectory(services: [Fixtures.xService(baseURL: server.baseURL)]), transport: Fixtures.transport,
            limits: APILimits(maxAttempts: 1), jitter: SeededJitter(seed: 1))
        return try await connector.open(
            FetchRequest(
                source: "followers", resource: "followers", parameters: [:], services: nil, workflowDirectory: "", batchSize: 1_000,
                resumeAfter: nil, clock: clock))
    }

    /// Waits (up to 10 s) until the server has received `count` requests.
    static func waitFor(_ count: Int, _ server: ScriptedServer) async throws {
        for _ in 0..<1_000 where server.received.count < count {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    @Test func theNextPageIsRequestedBeforeItIsAskedFor() async throws {
        let steps: [ScriptedServer.Step] = [
            .json(200, Self.account), .json(200, Self.page([1, 2], next: "t2")), .json(200, Self.page([3, 4], next: "t3")),
            .json(200, Self.page([5], next: nil)),
        ]
        try await ScriptedServer.with(steps) { server in
            let source = try await Self.source(server, clock: ManualClock(start: Fixtures.start))
            let first = try #require(try await source.next())
            // The first batch reads nothing ahead: a consumer that takes one batch costs one page.
            #expect(server.received.count == 2)
            let second = try #require(try await source.next())
            #expect(second.checkpoint?.cursor == "x1:acme:page:t3")
            try await Self.waitFor(4, server)
            #expect(server.received.count == 4, "the third page was requested before next() asked for it")
            #expect(server.received.last?.query.contains("pagination_token=t3") == true)
            let third = try #require(try await source.next())
            #expect(try await source.next() == nil)
            #expect(server.received.count == 4)
            #expect([first, second, third].flatMap(\.records).map { $0["id"] } == (1...5).map { .string(String($0)) })
            #expect([first, second, third].map { $0.checkpoint?.sequence } == [1, 2, 3])
            #expect(third.checkpoint?.cursor == "x1:acme:done")
        }
    }

    @Test func aFailureOfThePageReadAheadIsThrownByTheNextThatWouldReturnIt() async throws {
        let steps: [ScriptedServer.Step] = [
            .json(200, Self.account), .json(200, Self.page([1], next: "t2")), .json(200, Self.page([2], next: "t3")),
            .json(401, #"{"errors":[{"code":89,"message":"Invalid or expired token."}]}"#),
        ]
        try await ScriptedServer.with(steps) { server in
            let source = try await Self.source(server, clock: ManualClock(start: Fixtures.start))
            _ = try await source.next()
            let second = try #require(try await source.next())
            try await Self.waitFor(4, server)
            // The page read ahead has failed already; the batch before it is still whole.
            #expect(second.records.map { $0["id"] } == [.string("2")])
            let message = await Fixtures.message { _ = try await source.next() }
            #expect(message?.hasPrefix("X rejected the access token of service 'acme' (code 89") == true, "\(message ?? "")")
        }
    }

    @Test func cancellingTheConsumerCancelsThePageReadAhead() async throws {
        let steps: [ScriptedServer.Step] = [
            .json(200, Self.account), .json(200, Self.page([1], next: "t2")), .json(200, Self.page([2], next: "t3")),
            ScriptedServer.Step(status: 200, body: Self.page([3], next: nil), delay: 4),
        ]
        try await ScriptedServer.with(steps) { server in
            let source = try await Self.source(server, clock: ManualClock(start: Fixtures.start))
            _ = try await source.next()
            _ = try await source.next()
            let started = Date()
            let consumer = Task { try await source.next() }
            try await Self.waitFor(4, server)
            consumer.cancel()
            let result = await consumer.result
            #expect(throws: (any Error).self) { try result.get() }
            #expect(Date().timeIntervalSince(started) < 3, "the consumer did not wait for the page")
        }
    }
}
