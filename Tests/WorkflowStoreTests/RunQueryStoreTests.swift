import Foundation
import Testing
import WorkflowEngine
import WorkflowModel

/// The console's run lists on both backends: every combination of workflow, statuses and start
/// range selects exactly the runs that match (checked against the same filter in Swift), newest
/// first; keyset pages cover them exactly once; counts agree; a range bound is exact to the
/// microsecond, fractions of a second included; the last runs of several workflows come in one
/// query.
@Suite(.serialized) struct RunQueryStoreTests {
    static var backends: [Backend] { Backend.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    static let workflows = ["syncTwitter", "statsTwitter", "syncFacebook"]

    /// The instant `seconds` after `TestData.t1`.
    static func at(_ seconds: Double) -> Date { TestData.t1.addingTimeInterval(seconds) }

    /// 30 runs: the three workflows in turn, statuses mixed, starts every half second from 0 to
    /// 14.5 s in an order unlike the ids' (so a start range is not an id range).
    static func seed(_ store: any WorkflowStore) async throws -> [RunRecord] {
        try await store.prepare(schemas: [])
        var runs: [RunRecord] = []
        for index in 0..<30 {
            let status = RunStatus.allCases[(index * 3) % RunStatus.allCases.count]
            let run = RunRecord(
                workflow: workflows[(index * 2 + index / 5) % 3], file: "Workflows/w.xml", status: status,
                startedAt: at(Double((index * 7) % 30) / 2), endedAt: status == .running ? nil : at(20))
            runs.append(try await store.beginRun(run))
        }
        return runs
    }

    /// The runs of `all` that `query` selects, newest first, position and limit aside.
    static func expected(_ all: [RunRecord], _ query: RunQuery) -> [RunRecord] {
        all.filter { run in
            (query.workflow.map { run.workflow == $0 } ?? true)
                && (query.statuses.isEmpty || query.statuses.contains(run.status))
                && (query.startedFrom.map { run.startedAt >= $0 } ?? true)
                && (query.startedBefore.map { run.startedAt < $0 } ?? true)
        }.sorted { $0.id > $1.id }
    }

    @Test(arguments: backends)
    func everyFilterCombinationSelectsExactlyItsRunsPageByPage(backend: Backend) async throws {
        try await withOwnDatabase(backend) { store in
            let all = try await Self.seed(store)
            let workflows: [String?] = [nil, "syncTwitter", "syncFacebook", "absent"]
            let statuses: [[RunStatus]] = [[], [.failed], [.succeeded, .interrupted], RunStatus.allCases, [.failed, .failed]]
            // Whole seconds, a fraction equal to a run's start, and a fraction between starts.
            let froms: [Date?] = [nil, Self.at(3), Self.at(3.5), Self.at(3.25)]
            let befores: [Date?] = [nil, Self.at(10), Self.at(10.5), Self.at(10.25)]
            var nonEmpty = 0
            for workflow in workflows {
                for wanted in statuses {
                    for from in froms {
                        for before in befores {
                            var query = RunQuery(workflow: workflow, statuses: wanted, startedFrom: from, startedBefore: before, limit: 4)
                            let expected = Self.expected(all, query)
                            if !expected.isEmpty { nonEmpty += 1 }
                            #expect(try await store.countRuns(matching: query) == expected.count, "\(query)")
                            var seen: [RunRecord] = []
                            while true {
                                let page = try await store.runs(matching: query)
                                #expect(page.count <= 4)
                                seen += page
                                guard page.count == 4, let last = page.last else { break }
                                query.beforeID = last.id
                                // The count ignores the position.
                                #expect(try await store.countRuns(matching: query) == expected.count)
                            }
                            #expect(seen == expected, "\(query)")
                        }
                    }
                }
            }
            // The combinations are not all empty by accident of the data.
            #expect(nonEmpty > 150)
        }
    }

    @Test(arguments: backends)
    func rangeBoundsAreExactToTheMicrosecond(backend: Backend) async throws {
        try await withOwnDatabase(backend) { store in
            try await store.prepare(schemas: [])
            // Starts at a whole second, just after it, half a second and just before the next.
            let offsets = [0, 0.000_001, 0.5, 0.999_999, 1]
            var runs: [RunRecord] = []
            for offset in offsets {
                runs.append(try await store.beginRun(RunRecord(workflow: "w", file: "f", status: .succeeded, startedAt: Self.at(offset))))
            }
            for from in offsets {
                for before in offsets {
                    let query = RunQuery(startedFrom: Self.at(from), startedBefore: Self.at(before), limit: 10)
                    let wanted = runs.filter { $0.startedAt >= Self.at(from) && $0.startedAt < Self.at(before) }.map(\.id).reversed()
                    // Ids: a Date read back may differ from the one written in its last bit.
                    #expect(try await store.runs(matching: query).map(\.id) == Array(wanted), "from \(from) before \(before)")
                    #expect(try await store.countRuns(matching: query) == wanted.count)
                }
            }
        }
    }

    @Test(arguments: backends)
    func limitsAndPositions(backend: Backend) async throws {
        try await withOwnDatabase(backend) { store in
            let all = try await Self.seed(store).sorted { $0.id > $1.id }
            #expect(try await store.runs(matching: RunQuery(limit: 0)) == [])
            #expect(try await store.runs(matching: RunQuery(limit: -1)) == [])
            #expect(try await store.runs(matching: RunQuery(limit: 100)) == all)
            #expect(try await store.runs(matching: RunQuery(beforeID: all[9].id, limit: 3)) == Array(all[10..<13]))
            #expect(try await store.runs(matching: RunQuery(beforeID: all[29].id, limit: 3)) == [])
            #expect(try await store.countRuns(matching: RunQuery(beforeID: all[0].id, limit: 1)) == 30)
            // The default query: the 50 newest of every workflow.
            #expect(try await store.runs(matching: RunQuery()) == all)
        }
    }

    @Test(arguments: backends)
    func latestRunsOfEachWorkflowInOneQuery(backend: Backend) async throws {
        try await withOwnDatabase(backend) { store in
            let all = try await Self.seed(store)
            func newest(_ workflow: String, _ count: Int) -> [RunRecord] {
                Array(all.filter { $0.workflow == workflow }.sorted { $0.id > $1.id }.prefix(count))
            }
            let latest = try await store.latestRuns(perWorkflow: 3, workflows: ["syncTwitter", "syncFacebook", "neverRan", "syncTwitter"])
            #expect(latest == ["syncTwitter": newest("syncTwitter", 3), "syncFacebook": newest("syncFacebook", 3)])
            #expect(newest("syncTwitter", 3).count == 3)

            let everything = try await store.latestRuns(perWorkflow: 20, workflows: Self.workflows)
            #expect(everything == Dictionary(uniqueKeysWithValues: Self.workflows.map { ($0, newest($0, 20)) }))
            #expect(everything.values.map(\.count).reduce(0, +) == 30)

            #expect(try await store.latestRuns(perWorkflow: 0, workflows: Self.workflows) == [:])
            #expect(try await store.latestRuns(perWorkflow: 5, workflows: []) == [:])
            #expect(try await store.latestRuns(perWorkflow: 1, workflows: ["it's \"quoted\", [not] JSON"]) == [:])
        }
    }
}
