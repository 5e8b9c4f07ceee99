import Testing
import WorkflowModel
@testable import WorkflowEngine

/// `map` fills a template record by position and answers constants and field reads without the
/// evaluator (issue 9): the records must be exactly those the evaluator and name writes gave.
@Suite struct MapFieldSlotsTests {
    static let reads = """
        <map name="reads">
          <field name="origin"   value="'Twitter'"/>
          <field name="nothing"  value="null"/>
          <field name="id"       value="id"/>
          <field name="absent"   value="missing"/>
          <field name="friends"  value="public_metrics.followers_count"/>
          <field name="unknown"  value="public_metrics.likes"/>
          <field name="through"  value="name.first"/>
          <field name="nowhere"  value="gone.first"/>
          <field name="deep"     value="a.b.c"/>
          <field name="metrics"  value="public_metrics"/>
          <field name="computed" value="id + 1"/>
          <field name="stamp"    value="now()"/>
          <next to="end"/>
        </map>
        """

    @Test func directReadsGiveWhatTheEvaluatorGives() async throws {
        let harness = try Harness(Self.reads)
        let record: Record = [
            "id": 41, "name": "Ada", "public_metrics": ["followers_count": 9], "a": ["b": ["c": true]],
        ]
        let result = try await harness.run(MapActivity.self, "reads", on: [RecordBatch(records: [record])])
        let batches = try await collect(result.streams[.next])
        let expected: Record = [
            "origin": "Twitter", "nothing": nil, "id": 41, "absent": nil, "friends": 9, "unknown": nil,
            // A path through a string, or through a missing field, is null, as in the evaluator.
            "through": nil, "nowhere": nil, "deep": true, "metrics": ["followers_count": 9], "computed": 42, "stamp": "2023-11-14T22:13:20Z",
        ]
        #expect(batches.map(\.records) == [[expected]])
        #expect(batches.first?.records.first?.count == 12)

        let evaluator = ExpressionEvaluator()
        let activity = try #require(harness.workflow.activities.first { $0.name == "reads" })
        for setting in activity.settings(named: "field") {
            let expression = try #require(setting.attributes["value"]?.expression)
            let name = try #require(setting["name"])
            #expect(batches.first?.records.first?[name] == (try evaluator.evaluate(expression, record: record, context: harness.context("reads").evaluation)), "field \(name)")
        }
    }

    @Test func recordsFilledFromOneTemplateAreIndependent() async throws {
        let harness = try Harness("""
            <map name="copy">
              <field name="id" value="id"/>
              <field name="tags" value="tags"/>
              <next to="end"/>
            </map>
            """)
        let result = try await harness.run(MapActivity.self, "copy", on: [
            RecordBatch(records: [["id": 1, "tags": ["a"]], ["id": 2], ["id": 3, "tags": ["c", "d"]]]),
            RecordBatch(records: [["id": 4, "tags": "e"]]),
        ])
        var batches = try await collect(result.streams[.next])
        #expect(batches.map(\.records) == [
            [["id": 1, "tags": ["a"]], ["id": 2, "tags": nil], ["id": 3, "tags": ["c", "d"]]],
            [["id": 4, "tags": "e"]],
        ])
        // Writing to one output record (as `upsert` stamps them) changes no other.
        batches[0].records[0]["id"] = 100
        batches[0].records[1]["extra"] = true
        #expect(batches[0].records[2] == ["id": 3, "tags": ["c", "d"]])
        #expect(batches[1].records[0] == ["id": 4, "tags": "e"])
    }
}
