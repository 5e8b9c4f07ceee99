import AsyncHTTPClient
import Foundation
import NIOCore
import SocialEmulator
import Testing

/// The `slowsend` fault: a send is recorded, then its answer is held, so a client that gives
/// up (or dies) meanwhile leaves a message the network has and the client never saw.
struct SlowSendFaultTests {
    static func configuration(delay: Double) throws -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration(followers: 50)
        configuration.faults = try FaultPlan.parse("slowsend:100%")
        configuration.slowSendDelay = delay
        return configuration
    }

    /// Waits (at most 10 s) until the emulator has held `count` answers in all.
    static func waitUntilHeld(_ count: Int, by emulator: SocialEmulator) async throws {
        for _ in 0..<1000 where emulator.sendsHeldInAll < count {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(emulator.sendsHeldInAll == count)
    }

    @Test func theMessageIsRecordedBeforeTheHeldAnswer() async throws {
        // The hold (30 s) is far past the client's deadline and the bound below. The deadline
        // (2 s) leaves a loaded machine time to deliver the request before the client gives up.
        try await EmulatorClient.with(try Self.configuration(delay: 30)) { client async throws in
            var hurried = client
            hurried.timeout = .seconds(2)
            let recipient = client.emulator.dataset.user(index: 0).id
            let started = ContinuousClock.now
            await #expect(throws: HTTPClientError.deadlineExceeded) {
                _ = try await hurried.x("POST", "/2/dm_conversations/with/\(recipient)/messages", json: #"{"text":"Hello"}"#)
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            // The client never saw an answer, yet the message was sent (a loaded machine may
            // give up before the emulator got to it: wait until it holds the answer).
            try await Self.waitUntilHeld(1, by: client.emulator)
            #expect(client.emulator.messageCounts(from: client.demo) == [recipient: 1])
            #expect(client.emulator.messages.map(\.text) == ["Hello"])
            await #expect(throws: HTTPClientError.deadlineExceeded) {
                _ = try await hurried.x("POST", "/1.1/statuses/update.json", form: [("status", "Posted anyway")])
            }
            try await Self.waitUntilHeld(2, by: client.emulator)
            #expect(client.emulator.publishedPosts(of: client.demo).map(\.text) == ["Posted anyway"])
            await #expect(throws: HTTPClientError.deadlineExceeded) {
                _ = try await hurried.graph("POST", "/\(client.page.id)/feed", form: [("message", "Page post")])
            }
            try await Self.waitUntilHeld(3, by: client.emulator)
            #expect(client.emulator.publishedPosts(of: client.page).map(\.message) == ["Page post"])
            // Reads are not sends: served at once.
            #expect(try await hurried.x("/2/users/me").status == 200)
            #expect(try await hurried.x("/1.1/direct_messages/events/list.json").status == 200)
        }
    }

    @Test func aPatientClientGetsTheNormalAnswer() async throws {
        try await EmulatorClient.with(try Self.configuration(delay: 0.05)) { client in
            let recipient = client.emulator.dataset.user(index: 1).id
            let response = try await client.x("POST", "/2/dm_conversations/with/\(recipient)/messages", json: #"{"text":"Hi"}"#)
            #expect(response.status == 201)
            #expect(response.body == #"{"data":{"dm_conversation_id":"120007919-1720000000000000001","dm_event_id":"1860000000000000000"}}"#)
        }
    }

    @Test func refusedSendsAreNotHeld() async throws {
        try await EmulatorClient.with(try Self.configuration(delay: 30)) { client in
            var hurried = client
            hurried.timeout = .seconds(5)
            let closed = client.emulator.dataset.user(index: 49).id
            let response = try await hurried.x("POST", "/2/dm_conversations/with/\(closed)/messages", json: #"{"text":"Hi"}"#)
            #expect(response.status == 403)
        }
    }

    @Test func theHeldSendsAreDrawnFromTheSeed() async throws {
        // Which sends are held: the same for the same seed, about half of them at 50%.
        func heldSends() async throws -> [Bool] {
            var configuration = EmulatorConfiguration(followers: 50)
            configuration.faults = try FaultPlan.parse("slowsend:50%")
            configuration.slowSendDelay = 30
            return try await EmulatorClient.with(configuration) { client async throws in
                var hurried = client
                // Long enough for a loaded machine to deliver every request (one not delivered
                // would be neither held nor recorded), far shorter than the 30 s hold.
                hurried.timeout = .seconds(1)
                var held: [Bool] = []
                for index in 0..<10 {
                    let recipient = client.emulator.dataset.user(index: index).id
                    // Held or not is what the emulator counts, not how long the answer took (a
                    // loaded machine can make an answer that was not held late too).
                    let before = client.emulator.sendsHeldInAll
                    do {
                        _ = try await hurried.x("POST", "/2/dm_conversations/with/\(recipient)/messages", json: #"{"text":"Hi"}"#)
                    } catch let error as HTTPClientError where error == .deadlineExceeded {
                        // Given up before the emulator got to it, maybe: give it time to hold it.
                        for _ in 0..<300 where client.emulator.sendsHeldInAll == before {
                            try await Task.sleep(nanoseconds: 10_000_000)
                        }
                    }
                    held.append(client.emulator.sendsHeldInAll > before)
                }
                // Held or not, every message was recorded.
                #expect(client.emulator.messageCounts(from: client.demo).count == 10)
                return held
            }
        }
        let first = try await heldSends()
        #expect((2...8).contains(first.filter { $0 }.count), "\(first)")
        #expect(try await heldSends() == first)
    }

    @Test func shutdownEndsAHeldSend() async throws {
        let emulator = try await SocialEmulator.start(try Self.configuration(delay: 30))
        // The send stays in flight while the emulator shuts down: when it is held is what the
        // emulator counts, however long a loaded machine takes to deliver it.
        let client = EmulatorClient(emulator)
        let send = Task { try? await client.x("POST", "/2/tweets", json: #"{"text":"held"}"#) }
        try await Self.waitUntilHeld(1, by: emulator)
        let started = ContinuousClock.now
        try await emulator.shutdown()
        _ = await send.value
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(emulator.publishedPosts(of: emulator.dataset.xAccounts[0]).map(\.text) == ["held"])
    }
}
