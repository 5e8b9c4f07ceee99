import Foundation
import SocialEmulator
import Testing
import WorkflowEngine

@testable import SocialConnectors

/// The publishers against the emulator's publishing side: the exact requests it received, the
/// protected test account, direct messages found again, people who do not accept messages, and
/// the direct message limits.
@Suite struct XPublisherEmulatorLookupTests {
    typealias Sandbox = XEmulatorTests.Sandbox

    /// A sandbox whose emulator configuration `configure` adjusts.
    static func withSandbox(followers: Int = 60, _ configure: (inout EmulatorConfiguration) -> Void = { _ in }, _ body: (Sandbox) async throws -> Void) async throws {
        let clock = ManualClock(start: XEmulatorTests.start)
        var configuration = EmulatorConfiguration(seed: 3, followers: followers, now: { clock.now() })
        configure(&configuration)
        let emulator = try await SocialEmulator.start(configuration)
        do {
            try await body(Sandbox(emulator: emulator, clock: clock))
        } catch {
            try? await emulator.shutdown()
            throw error
        }
        try await emulator.shutdown()
    }

    static func publisher(_ sandbox: Sandbox, _ account: EmulatedXAccount, version: XAPIVersion, limits: APILimits = APILimits()) async throws -> any Publisher {
        try await sandbox.connector([sandbox.service(account, version: version)], limits: limits)
            .publisher(service: account.screenName, clock: sandbox.clock)
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func theEmulatorSawExactlyTheRequestsOfXsDocumentation(version: XAPIVersion) async throws {
        try await Self.withSandbox { sandbox in
            let publisher = try await Self.publisher(sandbox, sandbox.demo, version: version)
            let follower = try #require(sandbox.emulator.dataset.followers(of: sandbox.demo).first)
            _ = try await publisher.post(text: "Hello & welcome", link: "https://example.com/a?b=1")
            _ = try await publisher.directMessage(text: "Hi \"Ann\"", to: follower.id)
            let expected: [PublishingRequest] = switch version {
            case .v1_1: [
                PublishingRequest(
                    method: "POST", path: "/1.1/statuses/update.json", parameters: [["status", "Hello & welcome https://example.com/a?b=1"]],
                    contentType: "application/x-www-form-urlencoded", body: "status=Hello%20%26%20welcome%20https%3A%2F%2Fexample.com%2Fa%3Fb%3D1"),
                PublishingRequest(
                    method: "POST", path: "/1.1/direct_messages/events/new.json", contentType: "application/json",
                    body: #"{"event":{"message_create":{"message_data":{"text":"Hi \"Ann\""},"target":{"recipient_id":"\#(follower.id)"}},"type":"message_create"}}"#),
            ]
            case .v2: [
                PublishingRequest(method: "POST", path: "/2/tweets", contentType: "application/json", body: #"{"text":"Hello & welcome https:\/\/example.com\/a?b=1"}"#),
                PublishingRequest(
                    method: "POST", path: "/2/dm_conversations/with/\(follower.id)/messages", contentType: "application/json",
                    body: #"{"text":"Hi \"Ann\""}"#),
            ]
            }
            #expect(sandbox.emulator.publishingRequests == expected)
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2], [true, false])
    func theTestAccountIsProtectedUnlessTheEmulatorSaysOtherwise(version: XAPIVersion, protected: Bool) async throws {
        try await Self.withSandbox({ $0.testAccountProtected = protected }) { sandbox in
            let proofs = try #require(sandbox.emulator.dataset.xAccounts.first { $0.test })
            let account = try await Self.publisher(sandbox, proofs, version: version).account()
            #expect(account == PublishAccount(id: proofs.id, name: "wfrun_proofs", isProtected: protected))
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func directMessagesSentAreFoundAgainAndOthersAreNot(version: XAPIVersion) async throws {
        try await Self.withSandbox { sandbox in
            let publisher = try await Self.publisher(sandbox, sandbox.demo, version: version)
            let followers = Array(sandbox.emulator.dataset.followers(of: sandbox.demo).prefix(3))
            let since = sandbox.clock.now()
            var sent: [String: String] = [:]
            for follower in followers.prefix(2) {
                sandbox.clock.advance(by: 1)
                guard case .sent(let id) = try await publisher.directMessage(text: "Hi \(follower.name) & co", to: follower.id) else {
                    Issue.record("not sent to \(follower.id)")
                    return
                }
                sent[follower.id] = id
            }
            let wanted = Dictionary(uniqueKeysWithValues: followers.map { ($0.id, "Hi \($0.name) & co") })
            let lookup = try await publisher.findDirectMessages(wanted, since: since)
            #expect(lookup == SentLookup(found: sent, complete: true))
            let otherText = try await publisher.findDirectMessages([followers[0].id: "Hi again"], since: since)
            #expect(otherText == SentLookup(found: [:], complete: true))
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func aFollowerWhoDoesNotAcceptMessagesIsRefused(version: XAPIVersion) async throws {
        try await Self.withSandbox { sandbox in
            let publisher = try await Self.publisher(sandbox, sandbox.demo, version: version)
            let closed = try #require(sandbox.emulator.dataset.followers(of: sandbox.demo).first { !sandbox.emulator.dataset.acceptsDirectMessages($0.id) })
            let outcome = try await publisher.directMessage(text: "Hi", to: closed.id)
            switch version {
            case .v1_1: #expect(outcome == .refused(reason: "X code 349: You cannot send messages to this user. (HTTP 403)"))
            case .v2: #expect(outcome == .refused(reason: "X: You are not permitted to send messages to this user. (HTTP 403)"))
            }
            #expect(sandbox.emulator.messages.isEmpty)
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func aDirectMessageLimitPausesTheRunWithNothingMoreSent(version: XAPIVersion) async throws {
        try await Self.withSandbox({ $0.directMessageLimits = [RateLimit(requests: 2, window: 900)] }) { sandbox in
            let publisher = try await Self.publisher(sandbox, sandbox.demo, version: version, limits: APILimits(maxWait: 60))
            let followers = Array(sandbox.emulator.dataset.followers(of: sandbox.demo).prefix(3))
            for follower in followers.prefix(2) {
                guard case .sent = try await publisher.directMessage(text: "Hi", to: follower.id) else {
                    Issue.record("not sent to \(follower.id)")
                    return
                }
            }
            do {
                let outcome = try await publisher.directMessage(text: "Hi", to: followers[2].id)
                Issue.record("expected a pause, got \(outcome)")
            } catch let pause as RunPause {
                #expect(pause.resumeAt.map { $0 > sandbox.clock.now() } == true)
            }
            #expect(sandbox.emulator.messages.map(\.recipientID) == followers.prefix(2).map(\.id))
        }
    }
}

/// The Facebook publisher's request as the emulator saw it.
@Suite struct FacebookPublisherRequestTests {
    @Test func thePagePostIsTheGraphFeedRequest() async throws {
        try await FacebookEmulatorTests.withSandbox { sandbox in
            let publisher = try await sandbox.connector.publisher(service: "wfrunpage", clock: sandbox.clock)
            _ = try await publisher.post(text: "Hello & welcome", link: "https://example.com/")
            #expect(sandbox.emulator.publishingRequests == [
                PublishingRequest(
                    method: "POST", path: "/v24.0/\(sandbox.pages[0].id)/feed", parameters: [["message", "Hello & welcome"], ["link", "https://example.com/"]],
                    contentType: "application/x-www-form-urlencoded", body: "message=Hello%20%26%20welcome&link=https%3A%2F%2Fexample.com%2F")
            ])
        }
    }
}
