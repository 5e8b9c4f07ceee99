import Foundation
import Testing
import WorkflowModel
@testable import WorkflowEngine

/// Opens a file through the connector, as a `fetch` named `fetch` would.
func openFile(
    _ path: String, format: String? = nil, batchSize: Int = 100, resumeAfter: Checkpoint? = nil,
    directory: String = Harness.fixtures.appendingPathComponent("file").path
) async throws -> any BatchSource {
    var parameters = ["path": path]
    parameters["format"] = format
    return try await FileConnector().open(FetchRequest(
        source: "fetch", resource: "records", parameters: parameters, services: nil, workflowDirectory: directory,
        batchSize: batchSize, resumeAfter: resumeAfter))
}

/// A fresh folder for files written by a test.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfrun-file-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

@Suite struct FileConnectorTests {
    static let people: [Record] = [
        ["id": 1, "name": "Zoé Lefèvre", "verified": true, "score": 1.5, "tags": ["a", "b"], "meta": ["city": "Paris"]],
        ["id": 2, "name": "田中 明子", "verified": false, "score": 0, "missing": nil],
        ["id": 3, "name": "Nguyễn \"Lan\"\n", "verified": false, "score": -2.5, "big": .number(1.2345678901234567e19)],
        ["id": 4, "name": "emoji 🎉 é", "verified": true, "score": 1],
    ]

    @Test func jsonLinesGivesExactRecords() async throws {
        let batches = try await collect(openFile("people.jsonl"))
        #expect(batches.flatMap(\.records) == Self.people)
    }

    @Test func jsonLinesWithCRLFAndNoFinalNewline() async throws {
        let folder = try temporaryFolder()
        try Data("{\"a\": 1}\r\n\r\n{\"a\": true}\r\n{\"a\": \"x\"}".utf8).write(to: folder.appendingPathComponent("crlf.ndjson"))
        let batches = try await collect(openFile("crlf.ndjson", directory: folder.path))
        #expect(batches.flatMap(\.records) == [["a": 1], ["a": true], ["a": "x"]])
    }

    @Test func jsonArrayGivesExactRecords() async throws {
        let batches = try await collect(openFile("people.json", batchSize: 2))
        #expect(batches.map(\.records) == [
            [
                ["id": 1, "name": "Zoé", "nested": ["list": [1, ["deep": "}"]]], "text": "a \"quoted\" ] brace }"],
                ["id": 2, "name": "Ünïcødé 🎉", "ok": true],
            ],
            [["id": 3, "value": nil]],
        ])
    }

    static let contacts: [Record] = [
        ["id": "1", "name": "Zoé Lefèvre", "note": "Paris, France", "empty": nil, "quoted_empty": ""],
        ["id": "2", "name": "Kowalski, Mikołaj", "note": "said \"hi\"\non two lines", "empty": "x", "quoted_empty": ""],
        ["id": "3", "name": "田中 明子", "note": "plain", "empty": nil, "quoted_empty": nil],
    ]

    @Test func csvGivesExactRecords() async throws {
        let batches = try await collect(openFile("contacts.csv"))
        #expect(batches.flatMap(\.records) == Self.contacts)
    }

    @Test func csvWithCRLFAndAByteOrderMarkGivesTheSameRecords() async throws {
        let folder = try temporaryFolder()
        let lf = try Data(contentsOf: Harness.fixtures.appendingPathComponent("file/contacts.csv"))
        // Every line break becomes CRLF, the one inside the quoted cell too.
        let crlf = Data([0xEF, 0xBB, 0xBF]) + Data(String(decoding: lf, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        try crlf.write(to: folder.appendingPathComponent("contacts.txt"))
        let records = try await collect(openFile("contacts.txt", format: "csv", batchSize: 1, directory: folder.path)).flatMap(\.records)
        var expected = Self.contacts
        expected[1]["note"] = "said \"hi\"\r\non two lines"
        #expect(records == expected)
    }

    @Test func aRowWithFewerCellsHasNullsAndOneWithMoreIsAnError() async throws {
        let folder = try temporaryFolder()
        try Data("a,b,c\n1,2\n1,2,3,4\n".utf8).write(to: folder.appendingPathComponent("ragged.csv"))
        let source = try await openFile("ragged.csv", batchSize: 1, directory: folder.path)
        #expect(try await source.next()?.records == [["a": "1", "b": "2", "c": nil]])
        let error = await #expect(throws: FileConnectorError.self) { try await source.next() }
        #expect(error?.description == "\(folder.path)/ragged.csv, line 3: the row has 4 cells but the header names 3 columns; quote cells that hold commas")
    }

    @Test func anUnclosedQuoteNamesTheLineWhereTheRowStarts() async throws {
        let folder = try temporaryFolder()
        try Data("a,b\n1,2\n3,\"never\nclosed\n".utf8).write(to: folder.appendingPathComponent("open.csv"))
        let error = await #expect(throws: FileConnectorError.self) { try await collect(openFile("open.csv", directory: folder.path)) }
        #expect(error?.description.hasPrefix("\(folder.path)/open.csv, line 3: a quoted cell of the row starting here is never closed") == true)
    }

    @Test func aMalformedLineNamesTheFileAndLine() async throws {
        let source = try await openFile("malformed.jsonl", batchSize: 1)
        #expect(try await source.next()?.records == [["id": 1]])
        #expect(try await source.next()?.records == [["id": 2]])
        let error = await #expect(throws: FileConnectorError.self) { try await source.next() }
        let path = Harness.fixtures.appendingPathComponent("file/malformed.jsonl").path
        #expect(error?.description == "\(path), line 3, column 19: not valid JSON: unexpected '}' where a value should be")
        #expect(try await source.next() == nil)
    }

    @Test func aLineThatIsNotAnObjectIsAnError() async throws {
        let folder = try temporaryFolder()
        try Data("{\"a\": 1}\n[1, 2]\n".utf8).write(to: folder.appendingPathComponent("array.jsonl"))
        let error = await #expect(throws: FileConnectorError.self) { try await collect(openFile("array.jsonl", directory: folder.path)) }
        #expect(error?.description == "\(folder.path)/array.jsonl, line 2: the line holds a JSON array, not an object; each line must hold one object {…} (for one array of objects, use format=\"json\")")
    }

    @Test(arguments: [
        ("{\"a\": 1}", "line 1: a JSON file must hold one array of objects"),
        ("[\n{\"a\": 1},\n]", "line 3: a ',' before the closing ]"),
        ("[{\"a\": 1},\n 2]", "line 2: the array's elements must be objects {…}, found '2'"),
        ("[{\"a\": 1} {\"a\": 2}]", "line 1: expected ',' or ']' after an element of the array, found '{'"),
        ("[{\"a\": 1}", "line 1: the file ends before the array's closing ]"),
        ("[{\"a\": [1}]", "line 1: not valid JSON: expected ',' or ']' in an array, found '}'"),
        ("[{\"a\": 1,\n  \"b\": tru}]", "line 2, column 8: not valid JSON: unexpected 't' where a value should be"),
        ("[] x", "line 1: unexpected 'x' after the array's closing ]"),
    ])
    func aMalformedArrayNamesTheLine(text: String, expected: String) async throws {
        let folder = try temporaryFolder()
        try Data(text.utf8).write(to: folder.appendingPathComponent("bad.json"))
        let error = await #expect(throws: FileConnectorError.self) { try await collect(openFile("bad.json", directory: folder.path)) }
        #expect(error?.description.hasPrefix("\(folder.path)/bad.json, \(expected)") == true, "\(error.map { "\($0)" } ?? "")")
    }

    @Test func aMissingFileSaysWhereItWasLookedFor() async throws {
        let error = await #expect(throws: FileConnectorError.self) { try await openFile("nowhere.jsonl", directory: "/tmp/wfrun-none") }
        #expect(error?.description == #"cannot read /tmp/wfrun-none/nowhere.jsonl: there is no such file (path="nowhere.jsonl" is relative to the workflow file's folder, /tmp/wfrun-none); check path="…" in the fetch"#)
    }

    @Test func theFormatComesFromTheExtensionUnlessGiven() async throws {
        let error = await #expect(throws: FileConnectorError.self) { try await openFile("people.txt", directory: Harness.fixtures.path) }
        #expect(error?.description.contains("people.txt") == true)
        let folder = try temporaryFolder()
        try Data("{\"a\": 1}\n".utf8).write(to: folder.appendingPathComponent("data.log"))
        let unknown = await #expect(throws: FileConnectorError.self) { try await openFile("data.log", directory: folder.path) }
        #expect(unknown?.description == #"cannot tell the format of data.log from its name; add format="jsonl", "json" or "csv" to the fetch"#)
        #expect(try await collect(openFile("data.log", format: "jsonl", directory: folder.path)).flatMap(\.records) == [["a": 1]])
    }

    @Test func anEmptyFileHasNoRecords() async throws {
        let folder = try temporaryFolder()
        for name in ["empty.csv", "empty.jsonl"] {
            try Data().write(to: folder.appendingPathComponent(name))
            #expect(try await collect(openFile(name, directory: folder.path)).isEmpty)
        }
    }
}
