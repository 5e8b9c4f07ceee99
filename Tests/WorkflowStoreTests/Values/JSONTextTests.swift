import Testing
import WorkflowModel
@testable import WorkflowStore

/// What the store writes in `json` columns and run parameters reads back through wfrun's one
/// JSON reader, PostgreSQL's spacing included.
@Suite("JSON text")
struct JSONTextTests {
    @Test func readsWhatExpressionValueWrites() {
        let value = ExpressionValue.object([
            "n": .int(-42), "x": .number(2.5), "big": .number(1e300), "s": .string("a\"b\\c\n\u{1}é😀"),
            "list": .array([.null, .bool(true), .bool(false), .object([:]), .array([])]),
        ])
        #expect((try? JSONReader.value(from: value.json)) == value)
    }

    @Test func readsPostgresSpacingAndEscapes() {
        #expect((try? JSONReader.value(from: #" { "a" : [1, 2.0e1, "\u00e9\ud83d\ude00"] } "#)) == .object(["a": .array([.int(1), .number(20), .string("é😀")])]))
    }

    @Test(arguments: ["", "{", "{\"a\":1", "[1", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2", "\"\\ud83d\"", "{\"a\":1,}"])
    func refusesInvalidText(text: String) {
        #expect((try? JSONReader.value(from: text)) == nil)
    }

    @Test func refusesDeepNesting() {
        #expect((try? JSONReader.value(from: String(repeating: "[", count: 10_000))) == nil)
    }
}
