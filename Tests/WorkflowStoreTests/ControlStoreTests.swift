import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

/// The control state of `wfrun serve` on both backends: a scheduled instant and a trigger are each
/// claimed by one node however many try at once (two stores: two processes), a start keeps its
/// instant, and one SQLite file has one live server.
@Suite struct ControlStoreTests {
    static var backends: [Backend] { Backend.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    static func node(_ index: Int) -> RunOwner {
        RunOwner(host: "node-\(index)-\(UUID().uuidString.prefix(6))", pid: Int32(1000 + index), processStart: 1_764_000_000)
    }

    static func control(_ store: any WorkflowStore) throws -> any ControlStore {
        try #require(store as? any ControlStore)
    }

    @Test(arguments: backends)
    func aScheduledInstantIsClaimedOnce(backend: Backend) async throws {
        try await withTwoStores(backend) { first, second in
            try await first.prepare(schemas: [])
            let stores = [try Self.control(first), try Self.control(second)]
            let workflow = Names.unique("sync")
            let instant = try #require(ISOTimestamp(parsing: "2027-03-25T06:30:00Z", zoneless: .refused)).date
            let claims = try await withThrowingTaskGroup(of: FireRecord?.self) { group in
                for index in 0..<12 {
                    let store = stores[index % 2]
                    group.addTask {
                        try await store.claimFire(FireClaim(
                            workflow: workflow, scheduledAt: instant, node: Self.node(index), firedAt: instant.addingTimeInterval(0.25)))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let won = claims.compactMap { $0 }
            #expect(won.count == 1)
            #expect(won.first?.outcome == .claimed)
            #expect(won.first?.lateness == 0.25)
            let rows = try await stores[0].fires(workflow: workflow, limit: 10)
            #expect(rows.count == 1)
            #expect(rows.first?.scheduledAt == instant)
            #expect(try await stores[1].lastScheduledFire(workflow: workflow) == instant)

            try await stores[1].settleFire(id: try #require(won.first).id, outcome: .overlap, run: 7, detail: "still going")
            let settled = try await stores[0].fires(workflow: workflow, limit: 1).first
            #expect(settled?.outcome == .overlap)
            #expect(settled?.run == 7)
            #expect(settled?.detail == "still going")
        }
    }

    /// A fire standing for earlier instants counts as missed only those no node fired, and an
    /// instant older than the newest fire is never claimed.
    @Test(arguments: backends)
    func missedCountsOnlyUnfiredInstants(backend: Backend) async throws {
        try await withStore(backend) { plain in
            try await plain.prepare(schemas: [])
            let store = try Self.control(plain)
            let workflow = Names.unique("sync")
            let minute = { (m: Int) in TestData.t1.addingTimeInterval(Double(m) * 60) }
            let node = Self.node(1)
            let first = try await store.claimFire(FireClaim(workflow: workflow, scheduledAt: minute(1), earlier: [minute(0)], node: node, firedAt: minute(1)))
            #expect(first?.missed == 1)
            // A node whose view was stale still sees minute 1 as due: it is not counted twice.
            let third = try await store.claimFire(FireClaim(
                workflow: workflow, scheduledAt: minute(3), earlier: [minute(0), minute(1), minute(2)], node: node, firedAt: minute(3)))
            #expect(third?.missed == 1)
            let late = try await store.claimFire(FireClaim(workflow: workflow, scheduledAt: minute(2), node: node, firedAt: minute(3)))
            #expect(late == nil)
            #expect(try await store.fires(workflow: workflow, limit: 10).map(\.scheduledAt) == [minute(3), minute(1)])
        }
    }

    @Test(arguments: backends)
    func aTriggerIsTakenOnce(backend: Backend) async throws {
        try await withTwoStores(backend) { first, second in
            try await first.prepare(schemas: [])
            let stores = [try Self.control(first), try Self.control(second)]
            let workflow = Names.unique("sync")
            let queued = try await stores[0].queueTrigger(workflow: workflow, parameters: ["since": "2026-01-01"], by: "ana@host")
            #expect(queued.outcome == .queued)
            #expect(queued.reason == .trigger)
            #expect(queued.detail == "asked for by ana@host")
            let now = Date()
            let taken = try await withThrowingTaskGroup(of: FireRecord?.self) { group in
                for index in 0..<12 {
                    let store = stores[index % 2]
                    group.addTask { try await store.claimTrigger(workflows: [workflow, "other"], node: Self.node(index), at: now) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }.compactMap { $0 }
            #expect(taken.count == 1)
            #expect(taken.first?.id == queued.id)
            #expect(taken.first?.outcome == .claimed)
            #expect(taken.first?.parameters == ["since": "2026-01-01"])
            // Triggers of workflows a node does not serve are left for another node.
            let elsewhere = try await stores[0].queueTrigger(workflow: Names.unique("elsewhere"), parameters: [:], by: "ana@host")
            #expect(try await stores[1].claimTrigger(workflows: [workflow], node: Self.node(1), at: now) == nil)
            try await stores[0].settleFire(id: elsewhere.id, outcome: .refused, run: nil, detail: "test")
        }
    }

    @Test(arguments: backends)
    func startingTwiceKeepsTheFirstInstant(backend: Backend) async throws {
        try await withStore(backend) { plain in
            try await plain.prepare(schemas: [])
            let store = try Self.control(plain)
            let workflow = Names.unique("sync")
            try await store.setState(.started, of: [workflow], by: "ana@host", at: TestData.t1)
            try await store.setState(.started, of: [workflow], by: "bob@host", at: TestData.t2)
            var control = try await store.controls().first { $0.workflow == workflow }
            #expect(control == WorkflowControl(workflow: workflow, state: .started, changedAt: TestData.t1, changedBy: "ana@host"))
            try await store.setState(.stopped, of: [workflow], by: "bob@host", at: TestData.t2)
            control = try await store.controls().first { $0.workflow == workflow }
            #expect(control == WorkflowControl(workflow: workflow, state: .stopped, changedAt: TestData.t2, changedBy: "bob@host"))
        }
    }

    @Test func oneLiveServerPerSQLiteFile() async throws {
        try await withStore(.sqlite) { plain in
            try await plain.prepare(schemas: [])
            let store = try Self.control(plain)
            let first = NodeRecord(owner: Self.node(1), startedAt: Date(), heartbeatAt: Date(), listen: "127.0.0.1:8686")
            let second = NodeRecord(owner: Self.node(2), startedAt: Date(), heartbeatAt: Date(), listen: nil)
            #expect(try await store.registerNode(first, exclusive: true, aliveWithin: 15) == nil)
            let holder = try await store.registerNode(second, exclusive: true, aliveWithin: 15)
            #expect(holder?.owner == first.owner)
            #expect(holder?.listen == "127.0.0.1:8686")
            #expect(try await store.nodes().map(\.owner) == [first.owner])
            // A node whose heartbeat is older than the bound is dead: it is removed, the new one registers.
            #expect(try await store.registerNode(second, exclusive: true, aliveWithin: 0) == nil)
            #expect(try await store.nodes().map(\.owner) == [second.owner])
            try await store.heartbeat(node: second.owner, runs: 3)
            #expect(try await store.nodes().first?.runs == 3)
            try await store.removeNode(second.owner)
            #expect(try await store.nodes().isEmpty)
        }
    }
}
