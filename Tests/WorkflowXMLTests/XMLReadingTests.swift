import Testing
import WorkflowModel
import WorkflowXML

/// Malformed and hostile bytes through the library: one diagnostic each, with its place.
/// (The same inputs go through the real executable in WfrunTests.)
@Suite struct XMLReadingTests {
    static let cases: [(name: String, text: String, expected: Finding)] = [
        ("empty", "", Finding("WF002", 1, 1)),
        ("blank", "  \n\t\n", Finding("WF002", 1, 1)),
        ("doctype", "<?xml version=\"1.0\"?>\n<!DOCTYPE w [<!ENTITY a \"b\">]>\n<workflow/>", Finding("WF004", 2, 1)),
        ("external DTD", "<!DOCTYPE workflow SYSTEM \"http://127.0.0.1:9/w.dtd\">\n<workflow/>", Finding("WF004", 1, 1)),
        ("mismatched tags", "<workflow xmlns=\"urn:wfrun:workflow:1\" name=\"x\">\n  <start name=\"s\"></begin>\n</workflow>", Finding("WF003", 2, 27)),
        ("undefined entity", "<workflow xmlns=\"urn:wfrun:workflow:1\" name=\"&x;\"/>", Finding("WF003", 1, 49)),
        ("wrong root", "<dataSchema xmlns=\"urn:wfrun:data:1\" name=\"v\"/>", Finding("WF011", 1, 1)),
    ]

    @Test(arguments: cases)
    func reportsOneDiagnostic(name: String, text: String, expected: Finding) {
        let diagnostics = Fixtures.load(text: text).diagnostics
        #expect(diagnostics.map(Finding.init) == [expected], "\(name)")
    }

    @Test func deepNestingStopsAtTheParserLimit() {
        let text = "<workflow xmlns=\"urn:wfrun:workflow:1\" name=\"x\">" + String(repeating: "<a>", count: 100_000)
        let diagnostics = Fixtures.load(text: text).diagnostics
        #expect(diagnostics.map(\.code) == [.parserLimit])
    }

    @Test func invalidUTF8NamesTheBytes() {
        var bytes = Array("<workflow xmlns=\"urn:wfrun:workflow:1\" name=\"a".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\"/>".utf8)
        let outcome = Fixtures.loader.load(SourceText(file: "u.xml", bytes: bytes))
        #expect(outcome.diagnostics.map(Finding.init) == [Finding("WF005", 1, 47)])
        #expect(outcome.diagnostics.first?.message == "the file is not valid UTF-8 here (bytes 0xC3 0x28 0x22 0x2F); save it as UTF-8")
    }

    @Test func missingFileIsOneDiagnostic() {
        let outcome = Fixtures.loader.load(path: "/nonexistent/w.xml")
        #expect(outcome.diagnostics.map(\.code) == [.unreadableFile])
        #expect(outcome.diagnostics.first?.message == "/nonexistent/w.xml does not exist; check the path")
    }

    @Test func everyShippedWorkflowIsClean() throws {
        let folder = Fixtures.repository.appendingPathComponent("Workflows")
        for name in ["syncTwitter", "statsTwitter", "syncFacebook", "syncFacebookFans", "statsFacebook", "examples/importContacts", "examples/dailyDigest"] {
            let outcome = Fixtures.loader.load(path: folder.appendingPathComponent("\(name).xml").path)
            #expect(outcome.diagnostics.isEmpty, "\(name): \(outcome.diagnostics.map(\.message))")
            #expect(outcome.workflow != nil)
        }
    }
}
