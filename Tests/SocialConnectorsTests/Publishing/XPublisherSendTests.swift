import Foundation
import Testing
import WorkflowEngine

@testable import SocialConnectors

/// X's answers to a send, over loopback HTTP from a scripted server: what becomes of that one
/// message, what stops the delivery, and that a send whose answer was lost is made only once.
@Suite struct XPublisherSendTests {
    /// The publisher of service `acme` at the server, on a ManualClock.
    static func publisher(
        _ server: ScriptedServer, version: XAPIVersion, clock: ManualClock, limits: APILimits = APILimits()
    ) async throws -> any Publisher {
        let connector = XConnector(
            services: ServiceDirectory(services: [Fixtures.xService(baseURL: server.baseURL, version: version)]), transport: Fixtures.transport,
            limits: limits, environment: [:], jitter: SeededJitter(seed: 1))
        return try await connector.publisher(service: "acme", clock: clock)
    }

    /// Sends one post or one message.
    static func send(_ publisher: any Publisher, dm: Bool) async throws -> SendOutcome {
        dm ? try await publisher.directMessage(text: "Hi Ann", to: "2244994945") : try await publisher.post(text: "Hello", link: nil)
    }

    static let v1Tweet = #"{"id":1860000000000000001,"id_str":"1860000000000000001","text":"Hello"}"#
    static let v2Tweet = #"{"data":{"id":"1860000000000000001","text":"Hello","edit_history_tweet_ids":["1860000000000000001"]}}"#

    static func path(version: XAPIVersion, dm: Bool) -> String {
        switch (version, dm) {
        case (.v1_1, false): "/1.1/statuses/update.json"
        case (.v1_1, true): "/1.1/direct_messages/events/new.json"
        case (.v2, false): "/2/tweets"
        case (.v2, true): "/2/dm_conversations/with/2244994945/messages"
        }
    }

    static let cases: [(XAPIVersion, Bool)] = [(.v1_1, false), (.v1_1, true), (.v2, false), (.v2, true)]

    @Test(arguments: cases)
    func aSendAnsweredWith503IsUnknownAndMadeOnce(version: XAPIVersion, dm: Bool) async throws {
        try await ScriptedServer.with([.json(503, #"{"errors":[{"code":130,"message":"Over capacity"}]}"#), .json(200, Self.v2Tweet)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let outcome = try await Self.send(try await Self.publisher(server, version: version, clock: clock), dm: dm)
            let url = "http://127.0.0.1:\(server.port)\(Self.path(version: version, dm: dm))"
            #expect(outcome == .unknown(reason: "X service 'acme': POST \(url) got no usable answer (HTTP 503 from \(url)); it may have gone through, so it is not sent again"))
            #expect(server.received.map(\.path) == [Self.path(version: version, dm: dm)])
            #expect(clock.sleeps.isEmpty)
        }
    }

    @Test(arguments: [XAPIVersion.v1_1, .v2])
    func aSendWhoseAnswerTimesOutIsUnknownAndMadeOnce(version: XAPIVersion) async throws {
        // A timeout of 1 s (not less: on a loaded machine the request itself may take a few
        // hundred milliseconds to reach the server) against an answer held for 3 s.
        try await ScriptedServer.with([ScriptedServer.Step(status: 200, body: Self.v2Tweet, delay: 3)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let publisher = try await Self.publisher(server, version: version, clock: clock, limits: APILimits(requestTimeout: 1))
            let outcome = try await publisher.post(text: "Hello", link: nil)
            guard case .unknown(let reason) = outcome else {
                Issue.record("expected .unknown, got \(outcome)")
                return
            }
            let url = "http://127.0.0.1:\(server.port)\(Self.path(version: version, dm: false))"
            #expect(reason.hasPrefix("X service 'acme': POST \(url) got no usable answer (timed out"))
            #expect(reason.hasSuffix("from \(url)); it may have gone through, so it is not sent again"))
            // The server records a request when it has read it: wait for that, within 10 s.
            for _ in 0..<200 where server.received.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            #expect(server.received.count == 1)
        }
    }

    @Test func aCutAnswerToASendIsUnknownAndMadeOnce() async throws {
        try await ScriptedServer.with([.json(201, #"{"data":{"id":"18600"#), .json(201, Self.v2Tweet)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let outcome = try await Self.publisher(server, version: .v2, clock: clock).post(text: "Hello", link: nil)
            let url = "http://127.0.0.1:\(server.port)/2/tweets"
            #expect(outcome == .unknown(reason: "X service 'acme': POST \(url) got no usable answer (HTTP 201 with an unreadable body (not valid JSON)); it may have gone through, so it is not sent again"))
            #expect(server.received.count == 1)
        }
    }

    @Test func aPostCarriesItsLinkAfterTheTextAndItsIdComesBack() async throws {
        try await ScriptedServer.with([.json(201, Self.v2Tweet), .json(200, Self.v1Tweet)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let v2 = try await Self.publisher(server, version: .v2, clock: clock)
            #expect(try await v2.post(text: "New: the spring catalogue", link: "https://example.com/spring?a=1&b=2") == .sent(remoteID: "1860000000000000001"))
            let v1 = try await Self.publisher(server, version: .v1_1, clock: clock)
            #expect(try await v1.post(text: "Hello", link: "") == .sent(remoteID: "1860000000000000001"))
            let received = server.received
            #expect(received.map(\.method) == ["POST", "POST"])
            try #require(received.count == 2)
            #expect(received[0].body == #"{"text":"New: the spring catalogue https:\/\/example.com\/spring?a=1&b=2"}"#)
            #expect(received[0].contentType == "application/json")
            #expect(received[1].body == "status=Hello")
            #expect(received[1].contentType == "application/x-www-form-urlencoded")
        }
    }

    @Test(arguments: [
        (XAPIVersion.v1_1, 403, #"{"errors":[{"code":349,"message":"You cannot send messages to this user."}]}"#,
         "X code 349: You cannot send messages to this user. (HTTP 403)"),
        (.v1_1, 403, #"{"errors":[{"code":150,"message":"You cannot send messages to users who are not following you."}]}"#,
         "X code 150: You cannot send messages to users who are not following you. (HTTP 403)"),
        (.v2, 403, #"{"detail":"You are not permitted to send messages to this user.","type":"about:blank","title":"Forbidden","status":403}"#,
         "X: You are not permitted to send messages to this user. (HTTP 403)"),
    ])
    func aRecipientWhoCannotReceiveIsRefused(version: XAPIVersion, status: Int, body: String, reason: String) async throws {
        try await ScriptedServer.with([.json(status, body)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let outcome = try await Self.send(try await Self.publisher(server, version: version, clock: clock), dm: true)
            #expect(outcome == .refused(reason: reason))
            #expect(server.received.count == 1)
        }
    }

    @Test(arguments: [
        (XAPIVersion.v1_1, #"{"errors":[{"code":187,"message":"Status is a duplicate."}]}"#),
        (.v2, #"{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}"#),
    ])
    func aDuplicatePostIsDuplicate(version: XAPIVersion, body: String) async throws {
        try await ScriptedServer.with([.json(403, body)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let outcome = try await Self.publisher(server, version: version, clock: clock).post(text: "Hello", link: nil)
            #expect(outcome == .duplicate)
            #expect(server.received.count == 1)
        }
    }

    @Test(arguments: [
        (403, #"{"errors":[{"code":226,"message":"This request looks like it might be automated."}]}"#,
         "X service 'acme': X flagged this request to post as automated (code 226): wait, then publish less often, and review the app's behaviour in the X developer portal"),
        (403, #"{"errors":[{"code":453,"message":"You currently have access to a subset of X API V2 endpoints"}]}"#,
         "X service 'acme': the account's X API access tier does not include post (code 453); use apiVersion=\"2\" or upgrade the access tier"),
        (401, #"{"errors":[{"code":89,"message":"Invalid or expired token."}]}"#,
         "X rejected the access token of service 'acme' (code 89: invalid or expired token): the token is invalid or was revoked; regenerate the access token and secret in the X developer portal and update the service's secrets"),
        (401, #"{"errors":[{"code":32,"message":"Could not authenticate you."}]}"#,
         "X rejected the credentials of service 'acme' (code 32: could not authenticate): check its consumer key/secret and access token/secret"),
    ])
    func whatStopsTheDeliveryIsThrownWithWhatToDo(status: Int, body: String, message: String) async throws {
        try await ScriptedServer.with([.json(status, body)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let publisher = try await Self.publisher(server, version: .v1_1, clock: clock)
            do {
                let outcome = try await publisher.post(text: "Hello", link: nil)
                Issue.record("expected a failure, got \(outcome)")
            } catch let failure as ConnectorFailure {
                #expect(failure.message == message)
                #expect(failure.retryability != .transient)
                #expect(failure.sendOutcome == nil)
            }
            #expect(server.received.count == 1)
        }
    }

    @Test func aRateLimitedSendWaitsForTheResetThenGoesOnce() async throws {
        let reset = Fixtures.start.addingTimeInterval(120)
        try await ScriptedServer.with([
            .json(429, #"{"errors":[{"code":88,"message":"Rate limit exceeded"}]}"#, headers: Fixtures.rateHeaders(remaining: 0, reset: reset)),
            .json(201, #"{"data":{"dm_conversation_id":"1-2244994945","dm_event_id":"1860000000000000002"}}"#),
        ]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let outcome = try await Self.send(try await Self.publisher(server, version: .v2, clock: clock, limits: APILimits(maxWait: 300)), dm: true)
            #expect(outcome == .sent(remoteID: "1860000000000000002"))
            #expect(clock.sleeps == [120])
            #expect(server.received.count == 2)
        }
    }

    @Test func aRateLimitBeyondMaxWaitPausesTheRunWithNothingSent() async throws {
        let reset = Fixtures.start.addingTimeInterval(900)
        try await ScriptedServer.with([
            .json(429, #"{"errors":[{"code":88,"message":"Rate limit exceeded"}]}"#, headers: Fixtures.rateHeaders(remaining: 0, reset: reset))
        ]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let publisher = try await Self.publisher(server, version: .v1_1, clock: clock, limits: APILimits(maxWait: 60))
            await #expect(throws: RunPause.self) { _ = try await Self.send(publisher, dm: true) }
            #expect(clock.sleeps.isEmpty)
            #expect(server.received.count == 1)
        }
    }

    @Test func aReadIsStillRetriedAfterA503() async throws {
        try await ScriptedServer.with([.json(503, "{}"), .json(200, #"{"data":{"id":"42","username":"acme","protected":true}}"#)]) { server in
            let clock = ManualClock(start: Fixtures.start)
            let account = try await Self.publisher(server, version: .v2, clock: clock).account()
            #expect(account == PublishAccount(id: "42", name: "acme", isProtected: true))
            #expect(server.received.map(\.query) == ["user.fields=protected", "user.fields=protected"])
            #expect(clock.sleeps.count == 1)
        }
    }
}

/// A send whose answer was lost is not retried by a `<retry>` either.
@Suite struct UnansweredSendTests {
    @Test func itIsNeverRetried() {
        let error = UnansweredSend(service: "acme", status: 503, message: "lost")
        #expect(Retryability(of: error) == .permanent(reason: "a send that may have gone through is looked up, not sent again"))
    }
}

/// Which network failures may have let a request through: only those that made no connection
/// leave a send safe to try again.
@Suite struct RequestMayHaveBeenSentTests {
    @Test func onlyAFailureBeforeAnyConnectionIsSafe() {
        #expect(!HTTPTransportError(kind: .connectionRefused, detail: "ECONNREFUSED").requestMayHaveBeenSent)
        #expect(!HTTPTransportError(kind: .hostNotFound, detail: "no address").requestMayHaveBeenSent)
        #expect(!HTTPTransportError(kind: .timeout, detail: "HTTPClientError.connectTimeout").requestMayHaveBeenSent)
        #expect(HTTPTransportError(kind: .timeout, detail: "HTTPClientError.readTimeout").requestMayHaveBeenSent)
        #expect(HTTPTransportError(kind: .connectionReset, detail: "errno 104").requestMayHaveBeenSent)
        #expect(HTTPTransportError(kind: .other, detail: "TLS").requestMayHaveBeenSent)
    }
}
