import Testing
import WorkflowModel
import WorkflowXML

@Suite struct DataSchemaLibraryTests {
    @Test func shipsEveryDataSchemaTheIssueNames() {
        #expect(DataSchemaLibrary.builtIn.names == [
            "page", "page_stats", "post", "post_stats", "service", "subscription", "visitor",
        ])
    }

    @Test func visitorHasTheDocumentedColumnsAndKey() throws {
        let visitor = try #require(DataSchemaLibrary.builtIn["visitor"])
        let columns = Dictionary(uniqueKeysWithValues: visitor.columns.map { ($0.name, $0.type) })
        #expect(columns["origin"] == .string)
        #expect(columns["external_id"] == .string)
        #expect(columns["username"] == .string)
        #expect(columns["full_name"] == .string)
        #expect(columns["friends"] == .integer)
        #expect(columns["verified"] == .boolean)
        #expect(columns["folder"] == .string)
        #expect(columns["created_at"] == .timestamp)
        #expect(columns["updated_at"] == .timestamp)
        #expect(visitor.column(named: "origin")?.allowedValues == ["Twitter", "Facebook"])
        #expect(visitor.isUniqueKey(["external_id", "origin"]))
        #expect(!visitor.isUniqueKey(["origin"]))
    }

    @Test func everyColumnIsSnakeCaseAndEveryKeyNamesRealColumns() {
        for schema in DataSchemaLibrary.builtIn.schemas.values {
            for column in schema.columns {
                #expect(column.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(schema.name).\(column.name)")
            }
            #expect(!schema.uniqueKeys.isEmpty, "\(schema.name) needs a unique key for upsert")
            for key in schema.keys {
                #expect(key.columns.allSatisfy { schema.column(named: $0) != nil }, "\(schema.name) key \(key.columns)")
            }
        }
    }

    @Test func aUserSchemaWithAnErrorIsReportedWithItsPlace() {
        var library = DataSchemaLibrary(schemas: [:])
        let text = """
            <dataSchema xmlns="urn:wfrun:data:1" name="contact">
              <column name="email" type="text"/>
            </dataSchema>
            """
        let diagnostics = library.add([SourceText(file: "contact.xml", bytes: Array(text.utf8))])
        #expect(diagnostics.map(Finding.init) == [Finding("WF010", 2, 3)])
        #expect(library.names.isEmpty)
    }
}
