import Foundation
import Testing
import WorkflowModel
import WorkflowXML
@testable import WorkflowEngine

/// The engine learns what an activity does with records from the activity itself: no kind is
/// named in `Execution/` or `Streams/`, and the facts each plug-in declares link the record
/// groups the way the records really flow.
@Suite struct RecordFlowFactsTests {
    static let engineFolders = ["Execution", "Streams"].map {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources/WorkflowEngine/\($0)").standardized
    }

    @Test func noActivityKindIsNamedInTheEngine() throws {
        var found: [String] = []
        for folder in Self.engineFolders {
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
            #expect(!files.isEmpty, "no sources under \(folder.path)")
            for file in files {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for kind in ActivityKind.all {
                    for pattern in ["ActivityKind.\(kind.name)", "\"\(kind.name)\"", "kind == .\(kind.name)", "kind != .\(kind.name)"]
                    where text.contains(pattern) {
                        found.append("\(folder.lastPathComponent)/\(file): \(pattern)")
                    }
                }
            }
        }
        #expect(found == [])
    }

    @Test func everyStandardActivityDeclaresHowRecordsFlowThroughIt() throws {
        func flow(_ kind: ActivityKind) throws -> RecordFlow {
            try #require(ActivityRegistry.standard.behavior(for: kind)).recordFlow
        }
        // `log` passes records on: it belongs to the record group of what feeds it.
        #expect(try flow(.log).isSuperset(of: [.consumesRecords, .producesRecords]))
        #expect(try flow(.upsert).contains(.commitsCheckpoints))
        #expect(try flow(.aggregate).contains(.accumulates))
        #expect(try flow(.join).contains(.barrier))
        for kind in [ActivityKind.fetch, .query] {
            #expect(try flow(kind) == .producesRecords)
        }
        #expect(try !flow(.wait).contains(.instant))
    }

    @Test func aLogBetweenASourceAndASinkIsInTheirRecordGroup() throws {
        let text = """
            <workflow xmlns="urn:wfrun:workflow:1" name="chain">
              <start name="a0"><next to="a1"/></start>
              <fetch name="a1" connector="file" resource="records" path="people.csv"><next to="a2"/></fetch>
              <log name="a2" message="id"><next to="a3"/></log>
              <map name="a3"><field name="origin" value="'Twitter'"/><field name="external_id" value="id"/><next to="a4"/></map>
              <upsert name="a4" schema="visitor" key="origin external_id"><next to="a5"/></upsert>
              <end name="a5"/>
            </workflow>
            """
        let outcome = WorkflowLoader(connectors: ConnectorCatalog([FileConnector().descriptor]))
            .load(SourceText(file: "chain.xml", bytes: Array(text.utf8)))
        let workflow = try #require(outcome.workflow, "\(outcome.diagnostics.map(\.message))")
        let flows = try workflow.activities.map { try #require(ActivityRegistry.standard.behavior(for: $0.kind)).recordFlow }
        let graph = RunGraph(workflow, flows: flows)
        #expect(Set(graph.group[1...4]).count == 1)
        #expect(graph.group[0] != graph.group[1])
        #expect(graph.sinks[graph.group[1]] == ["a4"])
    }
}
