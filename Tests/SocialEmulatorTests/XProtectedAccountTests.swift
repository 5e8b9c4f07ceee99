import Foundation
import SocialEmulator
import Testing

/// The test account is protected (a proof's recipient must be), in both versions' user
/// objects, and public when the configuration says so.
struct XProtectedAccountTests {
    static let proofsID = "1720000000000000003"
    static let notFound = #"{"errors":[{"code":50,"message":"User not found."}]}"#

    @Test func theTestAccountIsProtectedInEveryUserLookup() async throws {
        try await EmulatorClient.with { client in
            let proofs = client.emulator.dataset.xAccounts[2]
            #expect(proofs.id == Self.proofsID && proofs.test)
            let own = try #require(try await client.x("/1.1/account/verify_credentials.json?skip_status=true", as: proofs).object)
            #expect(own["protected"] as? Bool == true)
            let shown = try await client.x("/1.1/users/show.json?user_id=\(Self.proofsID)")
            #expect(shown.status == 200)
            #expect(shown.object?["id_str"] as? String == Self.proofsID)
            #expect(shown.object?["screen_name"] as? String == "wfrun_proofs")
            #expect(shown.object?["protected"] as? Bool == true)
            let byName = try await client.x("/1.1/users/show.json?screen_name=WFRUN_PROOFS")
            #expect(byName.body == shown.body)

            let me = try await client.x("/2/users/me?user.fields=protected", as: proofs)
            #expect(me.body == #"{"data":{"id":"1720000000000000003","name":"wfrun proofs","username":"wfrun_proofs","protected":true}}"#)
            let byID = try await client.x("/2/users/\(Self.proofsID)?user.fields=protected")
            #expect(byID.status == 200)
            #expect(byID.body == me.body)
            // Without user.fields=protected, v2 leaves the field out.
            let plain = try await client.x("/2/users/\(Self.proofsID)")
            #expect(plain.body == #"{"data":{"id":"1720000000000000003","name":"wfrun proofs","username":"wfrun_proofs"}}"#)

            // The other accounts and the generated people are public.
            let demo = try await client.x("/2/users/me?user.fields=protected")
            #expect(demo.body == #"{"data":{"id":"1720000000000000001","name":"wfrun demo","username":"wfrun_demo","protected":false}}"#)
            let person = try #require(try await client.x("/1.1/users/show.json?user_id=120000000").object)
            #expect(person["id_str"] as? String == "120000000")
            #expect(person["protected"] as? Bool == false)
            let personV2 = try #require(try await client.x("/2/users/120000000?user.fields=protected").object?["data"] as? [String: Any])
            #expect(personV2["protected"] as? Bool == false)
        }
    }

    @Test func theConfigurationCanMakeTheTestAccountPublic() async throws {
        var configuration = EmulatorConfiguration()
        configuration.testAccountProtected = false
        try await EmulatorClient.with(configuration) { client in
            let v1 = try #require(try await client.x("/1.1/users/show.json?user_id=\(Self.proofsID)").object)
            #expect(v1["protected"] as? Bool == false)
            let v2 = try await client.x("/2/users/\(Self.proofsID)?user.fields=protected")
            #expect(v2.body == #"{"data":{"id":"1720000000000000003","name":"wfrun proofs","username":"wfrun_proofs","protected":false}}"#)
        }
    }

    @Test func lookupsOfNobody() async throws {
        try await EmulatorClient.with { client in
            let v1 = try await client.x("/1.1/users/show.json?user_id=42")
            #expect(v1.status == 404)
            #expect(v1.body == Self.notFound)
            let missing = try await client.x("/1.1/users/show.json")
            #expect(missing.status == 404)
            #expect(missing.body == Self.notFound)
            let v2 = try await client.x("/2/users/42")
            #expect(v2.status == 200)
            let error = try #require((v2.object?["errors"] as? [[String: Any]])?.first)
            #expect(error["detail"] as? String == "Could not find user with id: [42].")
            let invalid = try await client.x("/2/users/abc")
            #expect(invalid.status == 400)
            let unknownField = try await client.x("/2/users/\(Self.proofsID)?user.fields=protectedd")
            #expect(unknownField.status == 400)
        }
    }
}
