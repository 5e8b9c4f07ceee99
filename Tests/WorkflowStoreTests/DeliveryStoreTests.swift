import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

/// The delivery log on both backends: a recipient is taken for sending once, only `pending` ones
/// (and `unknown` ones when a person says so) are taken again, outcomes and counts read back
/// exactly, and a process that lost its run takes nothing.
@Suite struct DeliveryStoreTests {
    static var backends: [Backend] { Backend.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    static func delivery(_ store: any WorkflowStore) throws -> any DeliveryStore {
        try #require(store as? any DeliveryStore)
    }

    static func claimedRun(
        _ store: any WorkflowStore, workflow: String = Names.unique("dm"), owner: RunOwner = .current, lease: Double = 60
    ) async throws -> RunRecord {
        let claim = try await store.claimRun(RunClaimRequest(
            run: RunRecord(workflow: workflow, file: "\(workflow).xml", status: .running, parameters: [:], startedAt: TestData.t1),
            parametersGiven: false, owner: owner, leaseSeconds: lease, restart: false))
        switch claim {
        case .started(let run), .resumed(let run): return run
        default: throw StoreError.database("no run claimed: \(claim)")
        }
    }

    static func messages(_ recipients: [String]) -> [OutgoingMessage] {
        recipients.map { OutgoingMessage(recipient: $0, text: "Hi \($0)") }
    }

    @Test(arguments: backends)
    func aRecipientIsTakenOnceAndSettled(backend: Backend) async throws {
        try await withStore(backend) { plain in
            try await plain.prepare(schemas: [])
            let store = try Self.delivery(plain)
            let run = try await Self.claimedRun(plain)
            let record = DeliveryRecord(
                run: run.id, activity: "greet", activation: 1, action: "dm", connector: "x", service: "wfrun_demo", proof: false,
                textTemplate: "concat('Hi ', external_id)", createdAt: TestData.t1)
            let delivery = try await store.openDelivery(record)
            #expect(delivery.id > 0)
            #expect(delivery.activation == 1)
            #expect(try await store.openDelivery(record).id == delivery.id)

            let first = try await store.beginSending(
                run: run.id, delivery: delivery.id, Self.messages(["1", "2", "3", "4"]), at: TestData.t1, resendUnknown: false)
            #expect(first.sorted() == ["1", "2", "3", "4"])
            #expect(try await store.beginSending(
                run: run.id, delivery: delivery.id, Self.messages(["1", "2", "5"]), at: TestData.t1, resendUnknown: false) == ["5"])

            try await store.settle(
                run: run.id, delivery: delivery.id,
                [
                    RecipientOutcome(recipient: "1", state: .sent, remoteID: "m1"),
                    RecipientOutcome(recipient: "2", state: .failed, error: "X 349: cannot receive your messages"),
                    RecipientOutcome(recipient: "3", state: .pending),
                    RecipientOutcome(recipient: "4", state: .unknown, error: "no answer"),
                ],
                checkpoint: nil, at: TestData.t2)
            let sent = try await store.recipients(delivery: delivery.id, state: .sent, limit: 10)
            #expect(sent.map(\.recipient) == ["1"])
            #expect(sent.first?.remoteID == "m1")
            #expect(sent.first?.text == "Hi 1")
            #expect(sent.first?.attempts == 1)
            #expect(sent.first?.sentAt == TestData.t2)
            #expect(sent.first?.sendingAt == TestData.t1)
            #expect(try await store.recipients(delivery: delivery.id, state: .failed, limit: 10).first?.error == "X 349: cannot receive your messages")

            let again = try await store.beginSending(
                run: run.id, delivery: delivery.id, Self.messages(["1", "2", "3", "4", "5"]), at: TestData.t2, resendUnknown: false)
            #expect(again == ["3"])
            #expect(try await store.recipients(delivery: delivery.id, state: .sending, limit: 10).first { $0.recipient == "3" }?.attempts == 2)
            let resent = try await store.beginSending(
                run: run.id, delivery: delivery.id, Self.messages(["4"]), at: TestData.t2, resendUnknown: true)
            #expect(resent == ["4"])

            try await store.finishDelivery(run: run.id, delivery: delivery.id, at: TestData.t3)
            let second = try await store.openDelivery(record)
            #expect(second.id != delivery.id)
            #expect(second.activation == 2)
            let summaries = try await store.deliveries(run: run.id)
            #expect(summaries.map(\.delivery.id) == [delivery.id, second.id])
            #expect(summaries.first?.delivery.finishedAt == TestData.t3)
            #expect(summaries.first?.counts == [.sent: 1, .failed: 1, .sending: 3])
            #expect(summaries.first?.delivery.textTemplate == "concat('Hi ', external_id)")
            #expect(summaries.last?.total == 0)

            let (count, oldest) = try await store.sentCount(service: "wfrun_demo", action: "dm", since: TestData.t1)
            #expect(count >= 4)
            #expect(oldest != nil)
        }
    }

    /// A checkpoint commits with the outcomes; a process whose run another one took over (its
    /// lease expired) takes nothing.
    @Test(arguments: backends)
    func aLostRunTakesNothing(backend: Backend) async throws {
        try await withTwoStores(backend) { plain, other in
            try await plain.prepare(schemas: [])
            let store = try Self.delivery(plain)
            let workflow = Names.unique("dm")
            let run = try await Self.claimedRun(plain, workflow: workflow, lease: 0)
            let delivery = try await store.openDelivery(DeliveryRecord(
                run: run.id, activity: "greet", activation: 1, action: "dm", connector: "x", service: Names.unique("svc"), proof: false,
                textTemplate: "'Hi'", createdAt: TestData.t1))
            let checkpoint = CommittedCheckpoint(run: run.id, sink: "greet", checkpoint: Checkpoint(source: "followers", sequence: 3, cursor: "c3"))
            _ = try await store.beginSending(run: run.id, delivery: delivery.id, Self.messages(["1"]), at: TestData.t1, resendUnknown: false)
            try await store.settle(
                run: run.id, delivery: delivery.id, [RecipientOutcome(recipient: "1", state: .sent, remoteID: "m1")], checkpoint: checkpoint,
                at: TestData.t1)
            #expect(try await plain.checkpoints(run: run.id) == [checkpoint])

            let taker = RunOwner(host: "other-node", pid: 4242, processStart: 1)
            #expect(try await Self.claimedRun(other, workflow: workflow, owner: taker).id == run.id)
            await #expect(throws: StoreError.self) {
                _ = try await store.beginSending(run: run.id, delivery: delivery.id, Self.messages(["2"]), at: TestData.t2, resendUnknown: false)
            }
            #expect(try await store.recipients(delivery: delivery.id, state: .sending, limit: 10).isEmpty)
        }
    }
}
