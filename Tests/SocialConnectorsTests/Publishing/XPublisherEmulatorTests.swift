import Foundation
import SocialEmulator
import Testing
import WorkflowEngine

@testable import SocialConnectors

/// The X publisher against the emulator over loopback, both API versions: what the emulator
/// recorded for each send, the outcome, and the lookups finding what was sent.
@Suite struct XPublisherEmulatorTests {
    typealias Sandbox = XEmulatorTests.Sandbox

    static func publisher(_ sandbox: Sandbox, version: XAPIVersion, limits: APILimits = APILimits()) async throws -> any Publisher {
        try await sandbox.connector([sandbox.service(sandbox.demo, version: version)], limits: limits)
            .publisher(service: "wfrun_demo", clock: sandbox.clock)
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func theAccountIsTheServicesOwn(version: XAPIVersion) async throws {
        try await XEmulatorTests.withSandbox(followers: 5) { sandbox in
            let account = try await Self.publisher(sandbox, version: version).account()
            #expect(account == PublishAccount(id: sandbox.demo.id, name: "wfrun_demo", isProtected: false))
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func aPostIsPublishedOnceWithItsLinkAndFoundAgain(version: XAPIVersion) async throws {
        try await XEmulatorTests.withSandbox(followers: 5) { sandbox in
            let publisher = try await Self.publisher(sandbox, version: version)
            let since = sandbox.clock.now()
            let first = try await publisher.post(text: "Spring & summer <sale>", link: "https://example.com/spring")
            sandbox.clock.advance(by: 30)
            let second = try await publisher.post(text: "Hello + welcome, ünïcode!", link: nil)
            let published = sandbox.emulator.publishedPosts(of: sandbox.demo)
            #expect(published.map(\.text) == ["Spring & summer <sale> https://example.com/spring", "Hello + welcome, ünïcode!"])
            #expect([first, second] == published.map { .sent(remoteID: $0.id) })
            try #require(published.count == 2)
            let lookup = try await publisher.findPosts(texts: ["Spring & summer <sale>", "Hello + welcome, ünïcode!", "Never sent"], since: since)
            #expect(lookup == SentLookup(found: ["Spring & summer <sale>": published[0].id, "Hello + welcome, ünïcode!": published[1].id], complete: true))
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func theSamePostAgainIsADuplicate(version: XAPIVersion) async throws {
        try await XEmulatorTests.withSandbox(followers: 5) { sandbox in
            let publisher = try await Self.publisher(sandbox, version: version)
            guard case .sent = try await publisher.post(text: "Once only", link: nil) else {
                Issue.record("the first post was not sent")
                return
            }
            #expect(try await publisher.post(text: "Once only", link: nil) == .duplicate)
            #expect(sandbox.emulator.publishedPosts(of: sandbox.demo).map(\.text) == ["Once only"])
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func aDirectMessageReachesItsFollower(version: XAPIVersion) async throws {
        try await XEmulatorTests.withSandbox(followers: 5) { sandbox in
            let publisher = try await Self.publisher(sandbox, version: version)
            let follower = try #require(sandbox.emulator.dataset.followers(of: sandbox.demo).first)
            let outcome = try await publisher.directMessage(text: "Hi \(follower.name), thanks for following", to: follower.id)
            let messages = sandbox.emulator.sentMessages
            #expect(messages.map(\.recipientID) == [follower.id])
            #expect(messages.map(\.senderID) == [sandbox.demo.id])
            #expect(messages.map(\.text) == ["Hi \(follower.name), thanks for following"])
            #expect(messages.map { SendOutcome.sent(remoteID: $0.id) } == [outcome])
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func aPersonWhoCannotReceiveMessagesIsRefused(version: XAPIVersion) async throws {
        try await XEmulatorTests.withSandbox(followers: 5) { sandbox in
            let outcome = try await Self.publisher(sandbox, version: version).directMessage(text: "Hi", to: "999999999999")
            switch version {
            case .v1_1: #expect(outcome == .refused(reason: "X code 349: You cannot send messages to this user. (HTTP 403)"))
            case .v2: #expect(outcome == .refused(reason: "X: You are not permitted to send messages to this user. (HTTP 403)"))
            }
            #expect(sandbox.emulator.sentMessages.isEmpty)
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func aSendMeetingA503IsUnknownAfterOneRequest(version: XAPIVersion) async throws {
        try await XEmulatorTests.withSandbox(followers: 5, faults: FaultPlan(percentages: [.serviceUnavailable: 100])) { sandbox in
            let publisher = try await Self.publisher(sandbox, version: version)
            let outcome = try await publisher.post(text: "Hello", link: nil)
            guard case .unknown(let reason) = outcome else {
                Issue.record("expected .unknown, got \(outcome)")
                return
            }
            #expect(reason.contains("got no usable answer (HTTP 503 from "))
            #expect(sandbox.emulator.requestCount == 1)
            #expect(sandbox.clock.sleeps.isEmpty)
        }
    }

    @Test func aSendMeetingATimeoutIsUnknownAfterOneRequest() async throws {
        try await XEmulatorTests.withSandbox(followers: 5, faults: FaultPlan(percentages: [.timeout: 100])) { sandbox in
            // 1 s, not less: on a loaded machine the request may take a few hundred ms to arrive.
            let publisher = try await Self.publisher(sandbox, version: .v2, limits: APILimits(requestTimeout: 1))
            let follower = try #require(sandbox.emulator.dataset.followers(of: sandbox.demo).first)
            let outcome = try await publisher.directMessage(text: "Hi", to: follower.id)
            guard case .unknown(let reason) = outcome else {
                Issue.record("expected .unknown, got \(outcome)")
                return
            }
            #expect(reason.contains("got no usable answer (timed out"))
            for _ in 0..<200 where sandbox.emulator.requestCount == 0 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(sandbox.emulator.requestCount == 1)
        }
    }
}
