import Foundation
import Testing
import WorkflowModel
@testable import WorkflowEngine

/// A CSV cell of ASCII bytes is decoded without validation (it is valid UTF-8 as it is); any
/// other cell is validated: the same text either way, and invalid UTF-8 still named by its line.
@Suite struct CSVCellTextTests {
    @Test func asciiAndOtherCellsGiveTheSameTextsAsBefore() async throws {
        let folder = try temporaryFolder()
        let text = "id,name,note\n1,plain,\"quoted, with comma\"\n2,Zoé,🐦 ünï\n3,,\"\"\n"
        try Data(text.utf8).write(to: folder.appendingPathComponent("cells.csv"))
        let records = try await collect(openFile("cells.csv", directory: folder.path)).flatMap(\.records)
        #expect(records == [
            ["id": "1", "name": "plain", "note": "quoted, with comma"],
            ["id": "2", "name": "Zoé", "note": "🐦 ünï"],
            ["id": "3", "name": nil, "note": ""],
        ])
    }

    @Test func aCellThatIsNotUTF8NamesItsLine() async throws {
        let folder = try temporaryFolder()
        let bytes = Data("id,name\n1,ascii\n2,".utf8) + Data([0x41, 0xFF, 0x42]) + Data("\n".utf8)
        try bytes.write(to: folder.appendingPathComponent("bad.csv"))
        let source = try await openFile("bad.csv", batchSize: 1, directory: folder.path)
        #expect(try await source.next()?.records == [["id": "1", "name": "ascii"]])
        let error = await #expect(throws: FileConnectorError.self) { try await source.next() }
        #expect(error?.description == "\(folder.path)/bad.csv, line 3: the text is not UTF-8; save the file as UTF-8")
    }
}
