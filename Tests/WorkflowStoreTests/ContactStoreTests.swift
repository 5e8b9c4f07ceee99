import Foundation
import Testing
import WorkflowEngine
import WorkflowModel
import WorkflowXML

@testable import WorkflowStore

/// The consent pages' tables on both backends: a sign-in flow is used once (a replayed callback
/// finds it used), an expired one is refused, a consent and its visitor row are written together,
/// and a withdrawal marks every consent of the person withdrawn and erases exactly the profile
/// columns. PostgreSQL cases run in a database of their own.
@Suite(.serialized) struct ContactStoreTests {
    static var backends: [Backend] { Backend.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
    static let visitor = DataSchemaLibrary.builtIn.schemas["visitor"]!
    static let profile = ["username", "full_name", "friends", "verified", "email"]

    static func withContactStore(_ backend: Backend, _ body: (any WorkflowStore & ContactStore) async throws -> Void) async throws {
        try await withOwnDatabase(backend) { store in
            try await store.prepare(schemas: [visitor])
            try await body(try #require(store as? any WorkflowStore & ContactStore))
        }
    }

    static func instant(_ text: String) throws -> Date {
        try #require(ISOTimestamp(parsing: text, zoneless: .refused)).date
    }

    static func visitorRows(_ store: any WorkflowStore) async throws -> [[String: String]] {
        var rows: [[String: String]] = []
        let source = store.rows(of: visitor, batchSize: 100)
        while let batch = try await source.next() {
            rows += batch.records.map { record in
                record.filter { $0.key != "id" && $0.key != "seen_run" }.mapValues { value in
                    switch value {
                    case .null: "null"
                    case .string(let text): text
                    case .int(let number): String(number)
                    case .bool(let flag): String(flag)
                    default: "\(value)"
                    }
                }
            }
        }
        return rows
    }

    @Test(arguments: backends)
    func aSignInFlowIsUsedOnceAndOnlyInTime(backend: Backend) async throws {
        try await Self.withContactStore(backend) { store in
            let start = try Self.instant("2026-12-03T10:00:00Z")
            let flow = SignInFlow(
                stateHash: "a1", service: "wfrun_demo", purpose: .consent, requestToken: "rt-1", createdAt: start,
                expiresAt: start.addingTimeInterval(600))
            try await store.beginSignIn(flow)
            try await store.beginSignIn(SignInFlow(
                stateHash: "b2", service: "wfrun_demo", purpose: .withdraw, requestToken: nil, createdAt: start, expiresAt: start.addingTimeInterval(600)))

            #expect(try await store.finishSignIn(stateHash: "a1", service: "other", now: start) == .unknown)
            #expect(try await store.finishSignIn(stateHash: "zz", service: "wfrun_demo", now: start) == .unknown)
            #expect(try await store.finishSignIn(stateHash: "a1", service: "wfrun_demo", now: start.addingTimeInterval(30)) == .ready(flow))
            #expect(try await store.finishSignIn(stateHash: "a1", service: "wfrun_demo", now: start.addingTimeInterval(31)) == .used)
            #expect(try await store.finishSignIn(stateHash: "b2", service: "wfrun_demo", now: start.addingTimeInterval(601)) == .expired)
            #expect(try await store.finishSignIn(stateHash: "b2", service: "wfrun_demo", now: start.addingTimeInterval(602)) == .used)

            // Two callbacks racing on one flow: one wins.
            try await store.beginSignIn(SignInFlow(
                stateHash: "c3", service: "wfrun_demo", purpose: .consent, requestToken: nil, createdAt: start, expiresAt: start.addingTimeInterval(600)))
            let outcomes = try await withThrowingTaskGroup(of: SignInOutcome.self) { group in
                for _ in 0..<6 { group.addTask { try await store.finishSignIn(stateHash: "c3", service: "wfrun_demo", now: start) } }
                return try await group.reduce(into: [SignInOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.filter { if case .ready = $0 { true } else { false } }.count == 1)
            #expect(outcomes.filter { $0 == .used }.count == 5)

            // A flow started a day after the others expired forgets them.
            try await store.beginSignIn(SignInFlow(
                stateHash: "d4", service: "wfrun_demo", purpose: .consent, requestToken: nil, createdAt: start.addingTimeInterval(90_000),
                expiresAt: start.addingTimeInterval(90_600)))
            #expect(try await store.finishSignIn(stateHash: "a1", service: "wfrun_demo", now: start.addingTimeInterval(90_001)) == .unknown)
        }
    }

    @Test(arguments: backends)
    func aConsentWritesTheVisitorAndAWithdrawalErasesTheProfile(backend: Backend) async throws {
        try await Self.withContactStore(backend) { store in
            let given = try Self.instant("2026-12-03T10:00:00Z")
            let ada: Record = [
                "origin": .string("Twitter"), "external_id": .string("120007919"), "username": .string("ada"),
                "full_name": .string("Ada Lovelace"), "friends": .int(1815), "verified": .bool(true), "folder": .string("X followers"),
            ]
            let consent = Consent(
                origin: "Twitter", externalID: "120007919", service: "wfrun_demo", textVersion: "sha256:0123456789abcdef",
                fields: ["username", "full_name", "friends", "verified"], method: "Sign in with X (OAuth 1.0a)", givenAt: given)
            #expect(try await store.recordConsent(consent, visitor: ada, into: Self.visitor, now: given) == UpsertCounts(inserted: 1))
            // The same person on another service of ours, and someone else.
            let other = Consent(
                origin: "Twitter", externalID: "120007919", service: "wfrun_news", textVersion: "sha256:0123456789abcdef",
                fields: ["username"], method: "Sign in with X (OAuth 1.0a)", givenAt: given.addingTimeInterval(60))
            #expect(try await store.recordConsent(other, visitor: ["origin": .string("Twitter"), "external_id": .string("120007919"), "username": .string("ada")], into: Self.visitor, now: given.addingTimeInterval(60)) == UpsertCounts(unchanged: 1))
            let grace = Consent(
                origin: "Facebook", externalID: "9001", service: "demo_page", textVersion: "sha256:fedcba9876543210",
                fields: ["full_name", "email"], method: "Facebook Login", givenAt: given)
            _ = try await store.recordConsent(grace, visitor: ["origin": .string("Facebook"), "external_id": .string("9001"), "full_name": .string("Grace Hopper"), "email": .string("grace@example.com")], into: Self.visitor, now: given)

            #expect(try await store.consents(origin: "Twitter", externalID: "120007919") == [consent, other])
            let created = "2026-12-03T10:00:00Z"
            #expect(try await Self.visitorRows(store) == [
                ["origin": "Twitter", "external_id": "120007919", "username": "ada", "full_name": "Ada Lovelace", "friends": "1815",
                 "verified": "true", "email": "null", "folder": "X followers", "created_at": created, "updated_at": created],
                ["origin": "Facebook", "external_id": "9001", "username": "null", "full_name": "Grace Hopper", "friends": "null",
                 "verified": "null", "email": "grace@example.com", "folder": "null", "created_at": created, "updated_at": created],
            ])

            let withdrawnAt = given.addingTimeInterval(3600)
            let result = try await store.withdrawConsent(
                origin: "Twitter", externalID: "120007919", service: nil, erasing: Self.profile, in: Self.visitor, now: withdrawnAt)
            #expect(result == ConsentWithdrawal(withdrawn: 2, visitorErased: true))
            var withdrawn = consent
            withdrawn.state = .withdrawn
            withdrawn.withdrawnAt = withdrawnAt
            var otherWithdrawn = other
            otherWithdrawn.state = .withdrawn
            otherWithdrawn.withdrawnAt = withdrawnAt
            #expect(try await store.consents(origin: "Twitter", externalID: "120007919") == [withdrawn, otherWithdrawn])
            #expect(try await Self.visitorRows(store)[0] == [
                "origin": "Twitter", "external_id": "120007919", "username": "null", "full_name": "null", "friends": "null",
                "verified": "null", "email": "null", "folder": "X followers", "created_at": created, "updated_at": "2026-12-03T11:00:00Z",
            ])
            // Grace is untouched; withdrawing again finds nothing more to withdraw.
            #expect(try await Self.visitorRows(store)[1]["full_name"] == "Grace Hopper")
            #expect(try await store.consents(origin: "Facebook", externalID: "9001") == [grace])
            #expect(try await store.withdrawConsent(
                origin: "Twitter", externalID: "120007919", service: nil, erasing: Self.profile, in: Self.visitor, now: withdrawnAt)
                == ConsentWithdrawal(withdrawn: 0, visitorErased: true))
            #expect(try await store.withdrawConsent(
                origin: "Twitter", externalID: "1", service: nil, erasing: Self.profile, in: Self.visitor, now: withdrawnAt)
                == ConsentWithdrawal(withdrawn: 0, visitorErased: false))

            // Consenting again gives the consent anew.
            let again = Consent(
                origin: "Twitter", externalID: "120007919", service: "wfrun_demo", textVersion: "sha256:1111111111111111",
                fields: ["username"], method: "Sign in with X (OAuth 1.0a)", givenAt: withdrawnAt.addingTimeInterval(60))
            _ = try await store.recordConsent(again, visitor: ["origin": .string("Twitter"), "external_id": .string("120007919"), "username": .string("ada")], into: Self.visitor, now: withdrawnAt)
            #expect(try await store.consents(origin: "Twitter", externalID: "120007919") == [again, otherWithdrawn])
        }
    }

    @Test(arguments: backends)
    func aConsentTextIsKeptOncePerVersion(backend: Backend) async throws {
        try await Self.withContactStore(backend) { store in
            let at = try Self.instant("2026-12-03T10:00:00Z")
            try await store.saveConsentText(version: "sha256:aa", text: "<h1>Hello</h1>", now: at)
            try await store.saveConsentText(version: "sha256:aa", text: "changed", now: at.addingTimeInterval(5))
            #expect(try await store.consentText(version: "sha256:aa") == "<h1>Hello</h1>")
            #expect(try await store.consentText(version: "sha256:bb") == nil)
        }
    }
}
