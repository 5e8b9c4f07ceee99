import Foundation
import Testing
import WorkflowEngine
import WorkflowModel
import WorkflowXML

extension StoreBehaviour {
    /// A process on another host: its liveness is known only through its lease.
    static let otherHost = RunOwner(host: "other-host-\(UUID().uuidString.prefix(6))", pid: 4120, processStart: 1_764_000_000)

    static func request(
        _ workflow: String, owner: RunOwner, parameters: [String: String] = [:], restart: Bool = false, lease: Double = 60
    ) -> RunClaimRequest {
        RunClaimRequest(
            run: RunRecord(workflow: workflow, file: "\(workflow).xml", status: .running, parameters: parameters, startedAt: TestData.t1),
            parametersGiven: !parameters.isEmpty, owner: owner, leaseSeconds: lease, restart: restart)
    }

    /// A live run (valid lease, owner not known gone) is busy for every other claimant, even
    /// with --restart; its owner renews it; a claimant never resumes or overlaps it.
    func aLiveRunIsNeverClaimedTwice() async throws {
        try await withStore(backend) { store in
            try await store.prepare(schemas: [])
            let workflow = Names.unique("sync")
            guard case .started(let first) = try await store.claimRun(Self.request(workflow, owner: Self.otherHost)) else {
                Issue.record("the first claim did not start a run")
                return
            }
            #expect(first.owner == Self.otherHost)
            #expect(first.status == .running)
            let lease = try #require(first.leaseUntil)
            #expect(lease > Date().addingTimeInterval(50))

            for restart in [false, true] {
                let claim = try await store.claimRun(Self.request(workflow, owner: .current, restart: restart))
                guard case .busy(let live) = claim else {
                    Issue.record("restart \(restart): expected busy, got \(claim)")
                    continue
                }
                #expect(live.id == first.id)
                #expect(live.owner == Self.otherHost)
            }
            #expect(try await store.runs(workflow: workflow, limit: 10).map(\.id) == [first.id])
            #expect(try await store.renewLease(run: first.id, owner: Self.otherHost, seconds: 60))
            #expect(try await store.renewLease(run: first.id, owner: .current, seconds: 60) == false)
        }
    }

    /// Many claims at once of one workflow: exactly one starts a run, the others are busy.
    func simultaneousClaimsStartOneRun() async throws {
        try await withStore(backend) { store in
            try await store.prepare(schemas: [])
            let workflow = Names.unique("sync")
            let claims = try await withThrowingTaskGroup(of: RunClaim.self) { group in
                for index in 0..<8 {
                    let owner = RunOwner(host: "node-\(index)", pid: Int32(100 + index), processStart: 1)
                    group.addTask { try await store.claimRun(Self.request(workflow, owner: owner)) }
                }
                return try await group.reduce(into: [RunClaim]()) { $0.append($1) }
            }
            let started = claims.filter { if case .started = $0 { true } else { false } }
            let busy = claims.filter { if case .busy = $0 { true } else { false } }
            #expect(started.count == 1)
            #expect(busy.count == 7)
            #expect(try await store.runs(workflow: workflow, limit: 10).count == 1)
        }
    }

    /// A run whose lease expired is resumed by the next claimant, which then holds it: the old
    /// owner can neither renew nor finish it.
    func anExpiredLeaseIsResumedAndFenced() async throws {
        try await withStore(backend) { store in
            try await store.prepare(schemas: [])
            let workflow = Names.unique("sync")
            guard case .started(let first) = try await store.claimRun(Self.request(workflow, owner: Self.otherHost, lease: 0.2)) else {
                Issue.record("the first claim did not start a run")
                return
            }
            // The lease is 0.2 s of the database's clock; wait until the database says it passed.
            var claim = try await store.claimRun(Self.request(workflow, owner: .current))
            let deadline = Date().addingTimeInterval(10)
            while case .busy = claim, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
                claim = try await store.claimRun(Self.request(workflow, owner: .current))
            }
            guard case .resumed(let resumed) = claim else {
                Issue.record("expected the expired run to be resumed, got \(claim)")
                return
            }
            #expect(resumed.id == first.id)
            #expect(resumed.owner == .current)
            #expect(try await store.renewLease(run: first.id, owner: Self.otherHost, seconds: 60) == false)
            var ended = resumed
            ended.status = .failed
            ended.endedAt = TestData.t2
            ended.error = "late"
            #expect(try await store.finishRun(ended, owner: Self.otherHost) == false)
            #expect(try await store.run(id: first.id)?.status == .running)
            ended.status = .succeeded
            ended.error = nil
            #expect(try await store.finishRun(ended, owner: .current))
            let final = try #require(try await store.run(id: first.id))
            #expect(final.status == .succeeded)
            #expect(final.leaseUntil == nil)
            #expect(final.owner == .current)
        }
    }

    /// A run held by a process of this host that has ended is resumed at once, whatever its
    /// lease says; with --restart it is marked interrupted (abandoned) and a new run begins.
    func aDeadLocalOwnerIsNotWaitedFor() async throws {
        try await withStore(backend) { store in
            try await store.prepare(schemas: [])
            let workflow = Names.unique("sync")
            // A process id of this host with a start time no live process has.
            let dead = RunOwner(host: RunOwner.current.host, pid: RunOwner.current.pid, processStart: 1)
            guard case .started(let first) = try await store.claimRun(Self.request(workflow, owner: dead)) else {
                Issue.record("the first claim did not start a run")
                return
            }
            let claim = try await store.claimRun(Self.request(workflow, owner: .current, restart: true))
            guard case .started(let second) = claim else {
                Issue.record("expected a new run, got \(claim)")
                return
            }
            #expect(second.id != first.id)
            let abandoned = try #require(try await store.run(id: first.id))
            #expect(abandoned.status == .interrupted)
            #expect(abandoned.error == RunClaimRule.abandonedMessage(by: second.id))
            #expect(abandoned.leaseUntil == nil)
        }
    }

    /// An unfinished run is resumed with its own parameters when none are given, and refused
    /// when others are.
    func aResumeKeepsItsParameters() async throws {
        try await withStore(backend) { store in
            try await store.prepare(schemas: [])
            let workflow = Names.unique("sync")
            let dead = RunOwner(host: RunOwner.current.host, pid: RunOwner.current.pid, processStart: 1)
            guard case .started(let first) = try await store.claimRun(Self.request(workflow, owner: dead, parameters: ["folder": "A"])) else {
                Issue.record("the first claim did not start a run")
                return
            }
            let other = try await store.claimRun(Self.request(workflow, owner: .current, parameters: ["folder": "B"]))
            guard case .parametersDiffer(let previous) = other else {
                Issue.record("expected parametersDiffer, got \(other)")
                return
            }
            #expect(previous.id == first.id)
            #expect(try await store.run(id: first.id)?.owner == dead)
            guard case .resumed(let same) = try await store.claimRun(Self.request(workflow, owner: .current, parameters: ["folder": "A"])) else {
                Issue.record("the same parameters did not resume the run")
                return
            }
            #expect(same.id == first.id)
            #expect(same.parameters == ["folder": "A"])
        }
    }

    /// A process whose lease expired and whose run another process took over writes nothing
    /// more for it: every commit of the run is fenced by its owner, in the commit's transaction.
    func aLostRunWritesNothing() async throws {
        try await withTwoStores(backend) { stalled, taker in
            let schema = TestData.people()
            var subscriptions = try #require(DataSchemaLibrary.builtIn["subscription"])
            subscriptions.name = Names.unique("subscription")
            try await stalled.prepare(schemas: [schema, subscriptions])
            let workflow = Names.unique("sync")
            let slow = RunOwner(host: "stalled-host", pid: 7, processStart: 1)
            guard case .started(let run) = try await stalled.claimRun(Self.request(workflow, owner: slow, lease: 0.2)) else {
                Issue.record("the first claim did not start a run")
                return
            }
            func checkpoint(_ sequence: Int64) -> CommittedCheckpoint {
                CommittedCheckpoint(run: run.id, sink: "save", checkpoint: Checkpoint(source: "fetch", sequence: sequence, cursor: "p\(sequence)"))
            }
            _ = try await stalled.upsert([TestData.person(1)], into: schema, key: TestData.key, checkpoint: checkpoint(1), now: TestData.t1)

            var claim = try await taker.claimRun(Self.request(workflow, owner: .current))
            let deadline = Date().addingTimeInterval(10)
            while case .busy = claim, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
                claim = try await taker.claimRun(Self.request(workflow, owner: .current))
            }
            guard case .resumed = claim else {
                Issue.record("expected the expired run to be taken over, got \(claim)")
                return
            }
            let lost = await storeError {
                _ = try await stalled.upsert([TestData.person(2)], into: schema, key: TestData.key, checkpoint: checkpoint(2), now: TestData.t1)
            }
            guard case .runLost(let lostRun, let heldBy) = lost else {
                Issue.record("expected runLost, got \(String(describing: lost))")
                return
            }
            #expect(lostRun == run.id)
            #expect(heldBy == "\(RunOwner.current)")
            for attempt in [
                await storeError { try await stalled.commit(checkpoint(3)) },
                await storeError {
                    try await stalled.saveActivityRuns([ActivityRunRecord(run: run.id, activity: "save", kind: "upsert", status: .interrupted, startedAt: TestData.t1)])
                },
                await storeError { _ = try await stalled.endUnseen(in: subscriptions, column: "ended_at", scope: [], run: run.id, now: TestData.t2) },
            ] {
                guard case .runLost(run.id, _) = attempt else {
                    Issue.record("expected runLost, got \(String(describing: attempt))")
                    continue
                }
            }
            #expect(try await taker.count(of: schema) == 1)
            #expect(try await taker.checkpoints(run: run.id) == [checkpoint(1)])
            // The new owner commits as usual.
            _ = try await taker.upsert([TestData.person(2)], into: schema, key: TestData.key, checkpoint: checkpoint(2), now: TestData.t1)
            #expect(try await taker.count(of: schema) == 2)
        }
    }
}
