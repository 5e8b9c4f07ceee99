import Foundation
import Testing
import WorkflowEngine

/// A data cursor's text goes into URLs and comes back from anyone: it is short, URL-safe, and
/// read back only when wfrun made it for the table asked; everything else is a clear error.
@Suite struct DataCursorTests {
    /// The text of a payload, as a cursor's is made.
    static func encoded(_ payload: String) -> String {
        Data(payload.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test func aCursorSurvivesItsText() throws {
        for rowID in [0, 1, 42, 999_999, Int64.max] {
            for table in ["visitor", "post_stats", "a:b"] {
                let cursor = DataCursor(table: table, rowID: rowID)
                #expect(cursor.text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
                #expect(try DataCursor(parsing: cursor.text, table: table) == cursor)
            }
        }
        #expect(DataCursor(table: "visitor", rowID: 100).text == "MToxMDA6dmlzaXRvcg")
        #expect(DataCursor(table: "visitor", rowID: 100).description == "MToxMDA6dmlzaXRvcg")
    }

    @Test(arguments: [
        ("", "it is empty"),
        (String(repeating: "A", count: 257), "it is longer than 256 characters"),
        ("MToxMDA6dmlzaXRvcg==", "it is not base64url text"),
        ("MToxMDA6dmlz aXRvcg", "it is not base64url text"),
        ("MToxMDA+dmlzaXRvcg", "it is not base64url text"),
        ("<script>", "it is not base64url text"),
        ("MToxMDA6dmlzaXRvc", "it is not base64url text"),
        (encoded("2:100:visitor"), "it is not a cursor of this wfrun"),
        (encoded("1:100"), "it is not a cursor of this wfrun"),
        (encoded("garbage"), "it is not a cursor of this wfrun"),
        (encoded("1:-5:visitor"), "its row number is not one"),
        (encoded("1:+5:visitor"), "its row number is not one"),
        (encoded("1::visitor"), "its row number is not one"),
        (encoded("1:99999999999999999999:visitor"), "its row number is not one"),
        (encoded("1:0100:visitor"), "it is not in its canonical form"),
        ("MToxMDA6dmlzaXRvch", "it is not in its canonical form"),
    ])
    func aMalformedTextIsRefused(text: String, reason: String) {
        #expect(throws: DataCursorError.malformed(reason)) { try DataCursor(parsing: text, table: "visitor") }
        #expect(DataCursorError.malformed(reason).description == "the page cursor is not valid: \(reason)")
    }

    @Test func invalidUTF8IsRefused() {
        let text = Data([0x31, 0x3A, 0xFF, 0xFE]).base64EncodedString().replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        #expect(text == "MTr__g")
        #expect(throws: DataCursorError.malformed("it is not base64url text")) { try DataCursor(parsing: text, table: "visitor") }
    }

    @Test func aCursorOfAnotherTableIsRefused() {
        let text = DataCursor(table: "subscription", rowID: 7).text
        #expect(throws: DataCursorError.otherTable(cursor: "subscription", table: "visitor")) {
            try DataCursor(parsing: text, table: "visitor")
        }
        #expect(
            DataCursorError.otherTable(cursor: "subscription", table: "visitor").description
                == "the page cursor is a position in subscription, not in visitor")
    }
}
