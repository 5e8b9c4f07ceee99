import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

/// `recipientStateCounts` (what `/metrics` shows as `wfrun_deliveries`) counts every delivery's
/// recipients by state, proofs and finished deliveries included, on both backends; an empty log
/// counts nothing.
@Suite struct RecipientStateCountsTests {
    @Test(arguments: DeliveryStoreTests.backends)
    func countsEveryDeliveryByState(backend: Backend) async throws {
        // A database of its own: the counts span the whole table, which other tests share.
        try await LinkStoreTests.withLinkStore(backend) { plain in
            try await plain.prepare(schemas: [])
            let store = try DeliveryStoreTests.delivery(plain)
            #expect(try await store.recipientStateCounts() == [:])

            let run = try await DeliveryStoreTests.claimedRun(plain)
            func open(_ activity: String, proof: Bool) async throws -> DeliveryRecord {
                try await store.openDelivery(DeliveryRecord(
                    run: run.id, activity: activity, action: "dm", connector: "x", service: "wfrun_demo", proof: proof,
                    textTemplate: "'Hi'", createdAt: TestData.t1))
            }
            let wave = try await open("greet", proof: false)
            _ = try await store.beginSending(
                run: run.id, delivery: wave.id, DeliveryStoreTests.messages(["1", "2", "3", "4", "5", "6"]), at: TestData.t1,
                resendUnknown: false)
            try await store.settle(
                run: run.id, delivery: wave.id,
                [
                    RecipientOutcome(recipient: "1", state: .sent, remoteID: "m1"),
                    RecipientOutcome(recipient: "2", state: .sent, remoteID: "m2"),
                    RecipientOutcome(recipient: "3", state: .failed, error: "X 349"),
                    RecipientOutcome(recipient: "4", state: .pending),
                    RecipientOutcome(recipient: "5", state: .unknown, error: "no answer"),
                ],
                checkpoint: nil, at: TestData.t2)
            try await store.finishDelivery(run: run.id, delivery: wave.id, at: TestData.t3)
            let proof = try await open("proof", proof: true)
            _ = try await store.beginSending(
                run: run.id, delivery: proof.id, DeliveryStoreTests.messages(["7"]), at: TestData.t2, resendUnknown: false)
            try await store.settle(
                run: run.id, delivery: proof.id, [RecipientOutcome(recipient: "7", state: .sent, remoteID: "m7")], checkpoint: nil,
                at: TestData.t2)

            #expect(try await store.recipientStateCounts() == [.sent: 3, .failed: 1, .pending: 1, .unknown: 1, .sending: 1])
        }
    }
}
