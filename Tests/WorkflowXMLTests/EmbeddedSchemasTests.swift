import Foundation
import Testing
import WorkflowModel
@testable import WorkflowXML

/// The binary carries Schemas/ byte for byte; a stale copy fails here (rerun Scripts/embed-schemas.sh).
@Suite struct EmbeddedSchemasTests {
    private func file(_ relative: String) throws -> String {
        try String(contentsOf: Fixtures.repository.appendingPathComponent(relative), encoding: .utf8)
    }

    @Test func workflowGrammarMatchesSchemasFolder() throws {
        #expect(EmbeddedSchemas.workflowXSD + "\n" == (try file("Schemas/workflow.xsd")))
    }

    @Test func dataGrammarMatchesSchemasFolder() throws {
        #expect(EmbeddedSchemas.dataSchemaXSD + "\n" == (try file("Schemas/data-schema.xsd")))
    }

    @Test func dataSchemasMatchSchemasFolder() throws {
        let folder = Fixtures.repository.appendingPathComponent("Schemas/data")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }.sorted()
        #expect(names == EmbeddedSchemas.dataSchemas.keys.sorted())
        for name in names {
            #expect(EmbeddedSchemas.dataSchemas[name].map { $0 + "\n" } == (try file("Schemas/data/\(name).xml")), "Schemas/data/\(name).xml")
        }
    }
}
