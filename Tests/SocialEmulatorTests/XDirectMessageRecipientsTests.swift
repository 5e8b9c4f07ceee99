import Foundation
import SocialEmulator
import Testing

/// Who can receive a direct message: followers who accept them (every Nth generated person
/// does not: 349), not people who do not follow the account (150), and the accounts.
struct XDirectMessageRecipientsTests {
    static let closedV1 = #"{"errors":[{"code":349,"message":"You cannot send messages to this user."}]}"#
    static let notFollowingV1 = #"{"errors":[{"code":150,"message":"You cannot send messages to users who are not following you."}]}"#
    static let forbiddenV2 = #"{"title":"Forbidden","type":"about:blank","status":403,"detail":"You are not permitted to send messages to this user."}"#

    static func v1Body(_ recipient: String) -> String {
        #"{"event":{"type":"message_create","message_create":{"target":{"recipient_id":"\#(recipient)"},"message_data":{"text":"Hi"}}}}"#
    }

    @Test func everyTenthPersonRefusesMessages() async throws {
        var configuration = EmulatorConfiguration(followers: 100)
        configuration.closedDirectMessagesEvery = 10
        try await EmulatorClient.with(configuration) { client in
            let dataset = client.emulator.dataset
            let followers = Array(dataset.followers(of: client.demo))
            let closed = followers.enumerated().filter { !dataset.acceptsDirectMessages($0.element.id) }.map(\.offset)
            #expect(closed == [9, 19, 29, 39, 49, 59, 69, 79, 89, 99])
            #expect(dataset.acceptsDirectMessages(client.demo.id))
            #expect(!dataset.acceptsDirectMessages("42"))

            let refused = followers[9].id
            let v1 = try await client.x("POST", "/1.1/direct_messages/events/new.json", json: Self.v1Body(refused))
            #expect(v1.status == 403)
            #expect(v1.body == Self.closedV1)
            let v2 = try await client.x("POST", "/2/dm_conversations/with/\(refused)/messages", json: #"{"text":"Hi"}"#)
            #expect(v2.status == 403)
            #expect(v2.body == Self.forbiddenV2)
            let open = followers[8].id
            #expect(try await client.x("POST", "/1.1/direct_messages/events/new.json", json: Self.v1Body(open)).status == 200)
            #expect(client.emulator.messageCounts(from: client.demo) == [open: 1])
        }
    }

    @Test func theDefaultIsOneInFiftyAndZeroIsNobody() async throws {
        let dataset = EmulatorDataset(configuration: EmulatorConfiguration(followers: 200))
        let closed = dataset.followers(of: dataset.xAccounts[0]).enumerated().filter { !dataset.acceptsDirectMessages($0.element.id) }.map(\.offset)
        #expect(closed == [49, 99, 149, 199])
        var everybody = EmulatorConfiguration(followers: 200)
        everybody.closedDirectMessagesEvery = 0
        let open = EmulatorDataset(configuration: everybody)
        #expect(open.followers(of: open.xAccounts[0]).allSatisfy { open.acceptsDirectMessages($0.id) })
    }

    @Test func peopleWhoDoNotFollowTheAccountGet150() async throws {
        try await EmulatorClient.with(EmulatorConfiguration(followers: 100)) { client in
            // wfrun_demo's followers are people 0..<100; person 120 follows wfrun_proofs only.
            let stranger = client.emulator.dataset.user(index: 120).id
            let v1 = try await client.x("POST", "/1.1/direct_messages/events/new.json", json: Self.v1Body(stranger))
            #expect(v1.status == 403)
            #expect(v1.body == Self.notFollowingV1)
            let v2 = try await client.x("POST", "/2/dm_conversations/with/\(stranger)/messages", json: #"{"text":"Hi"}"#)
            #expect(v2.status == 403)
            #expect(v2.body == Self.forbiddenV2)
            // Someone who unfollowed is a stranger too.
            let former = client.emulator.dataset.user(index: 3).id
            #expect(try await client.x("POST", "/2/dm_conversations/with/\(former)/messages", json: #"{"text":"Hi"}"#).status == 201)
            client.emulator.unfollow(account: "wfrun_demo", userID: former)
            let after = try await client.x("POST", "/1.1/direct_messages/events/new.json", json: Self.v1Body(former))
            #expect(after.body == Self.notFollowingV1)
            // The accounts can always message each other (a proof to the test account).
            let proofs = client.emulator.dataset.xAccounts[2]
            #expect(try await client.x("POST", "/1.1/direct_messages/events/new.json", json: Self.v1Body(proofs.id)).status == 200)
            #expect(client.emulator.messageCounts(from: client.demo) == [former: 1, proofs.id: 1])
        }
    }
}
