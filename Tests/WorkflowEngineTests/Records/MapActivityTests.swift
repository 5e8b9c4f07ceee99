import Testing
import WorkflowModel
@testable import WorkflowEngine

@Suite struct MapActivityTests {
    static let toVisitor = """
        <map name="toVisitor">
          <field name="origin" value="'Twitter'"/>
          <field name="external_id" value="id"/>
          <field name="username" value="lower(username)"/>
          <field name="friends" value="public_metrics.followers_count + 1"/>
          <field name="folder" value="param('folder')"/>
          <next to="end"/>
        </map>
        """
    static let folderParameter = #"<parameter name="folder" default="Imported"/>"#

    @Test func mapsEachRecordToExactlyTheFields() async throws {
        let harness = try Harness(Self.toVisitor, parameters: Self.folderParameter)
        let behavior = try harness.behavior(MapActivity.self, "toVisitor")
        let input = BatchesOf([
            RecordBatch(records: [["id": "42", "username": "Ada", "public_metrics": ["followers_count": 9], "extra": true]], checkpoint: checkpoint(1)),
            RecordBatch(records: [["id": "43", "username": "Bob"]], checkpoint: checkpoint(2)),
        ])
        let result = try await behavior.run(input: input, context: harness.context("toVisitor", parameters: ["folder": "Imported"]))
        #expect(result.follow == [.next])
        let batches = try await collect(result.streams[.next])
        #expect(batches.map(\.records) == [
            [["origin": "Twitter", "external_id": "42", "username": "ada", "friends": 10, "folder": "Imported"]],
            // A missing field reads as null, and null + 1 is null.
            [["origin": "Twitter", "external_id": "43", "username": "bob", "friends": nil, "folder": "Imported"]],
        ])
        #expect(batches.map(\.checkpoint) == [checkpoint(1), checkpoint(2)])
        #expect(harness.meter.snapshot.recordsIn == 2)
        #expect(harness.meter.snapshot.recordsOut == 2)
    }

    @Test func isLazy() async throws {
        let harness = try Harness(Self.toVisitor, parameters: Self.folderParameter)
        let input = BatchesOf([RecordBatch(records: [["id": "1"]]), RecordBatch(records: [["id": "2"]])])
        let result = try await harness.behavior(MapActivity.self, "toVisitor")
            .run(input: input, context: harness.context("toVisitor", parameters: ["folder": "x"]))
        #expect(input.pulled == 0)
        _ = try await result.streams[.next]?.next()
        #expect(input.pulled == 1)
    }

    @Test func anEvaluationErrorNamesTheActivityFieldAndRecord() async throws {
        let harness = try Harness(Self.toVisitor, parameters: Self.folderParameter)
        let result = try await harness.run(
            MapActivity.self, "toVisitor",
            on: [RecordBatch(records: [["id": 42, "username": "ada", "public_metrics": ["followers_count": "x"]]])])
        let error = await #expect(throws: ActivityError.self) { try await collect(result.streams[.next]) }
        #expect(error?.activity == "toVisitor")
        #expect(error?.message == "map 'toVisitor', field friends: cannot apply '+' to string 'x' and int 1; use concat() to join text with other values (record id=42, username='ada', public_metrics={\"followers_count\":\"x\"})")
    }

    @Test func ignorePolicyDropsAndLogsTheFailingRecord() async throws {
        let harness = try Harness("""
            <map name="toVisitor" errorPolicy="ignore">
              <field name="friends" value="followers * 2"/>
              <next to="end"/>
            </map>
            """)
        let result = try await harness.run(
            MapActivity.self, "toVisitor",
            on: [RecordBatch(records: [["id": 1, "followers": 5], ["id": 2, "followers": "many"], ["id": 3, "followers": 7]], checkpoint: checkpoint(1))])
        let batches = try await collect(result.streams[.next])
        #expect(batches.map(\.records) == [[["friends": 10], ["friends": 14]]])
        #expect(batches.first?.checkpoint == checkpoint(1))
        #expect(harness.logged.map(\.level) == [.warning])
        #expect(harness.logged.first?.message.hasPrefix("map 'toVisitor', field friends: cannot apply '*' to string 'many' and int 2") == true)
        #expect(harness.logged.first?.message.hasSuffix("(record id=2, followers='many'); record dropped (errorPolicy=ignore)") == true)
    }

    @Test func withoutRecordsItPassesNothing() async throws {
        let harness = try Harness(Self.toVisitor, parameters: Self.folderParameter)
        let result = try await harness.run(MapActivity.self, "toVisitor", on: nil)
        #expect(result.follow == [.next])
        #expect(result.streams.isEmpty)
    }
}
