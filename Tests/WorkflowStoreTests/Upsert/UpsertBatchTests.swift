import Testing
import WorkflowEngine
import WorkflowModel
@testable import WorkflowStore

@Suite("Upsert batch")
struct UpsertBatchTests {
    let table = TableDefinition(TestData.people("people"))

    @Test func splitsWhereColumnsChangeOrAKeyRepeats() throws {
        let full = TestData.person(1)
        let partial: Record = ["origin": .string("Twitter"), "external_id": .string("id2"), "friends": .int(1)]
        let records = [full, TestData.person(2), partial, TestData.person(3), TestData.person(3), TestData.person(4)]
        let batch = try UpsertBatch(records, table: table, key: TestData.key)
        #expect(batch.segments() == [0..<2, 2..<3, 3..<4, 4..<6])
        #expect(batch.missingRequiredColumn(in: batch.columnSets[2]) == "username")
        #expect(batch.missingRequiredColumn(in: batch.columnSets[0]) == nil)
    }

    @Test func columnSetsBeyondSixtyFourColumns() {
        var set = ColumnSet()
        for index in [0, 63, 64, 130] { set.insert(index) }
        #expect(set.indexes(below: 200) == [0, 63, 64, 130])
        #expect(!set.contains(65))
        var same = ColumnSet()
        for index in [130, 64, 63, 0] { same.insert(index) }
        #expect(set == same)
    }
}
