import Testing

@testable import SocialConnectors

/// Checkpoint cursors of the X connector.
@Suite struct XCursorTests {
    @Test func cursorsRoundTrip() {
        let cursors = [
            XCursor(service: "acme", position: .start),
            XCursor(service: "acme", position: .done),
            XCursor(service: "acme_news", position: .page("1650000000000000000")),
            XCursor(service: "acme", position: .page("7140dibdnow9c7btw481s8m561gat797rboud5r80xvzm")),
            XCursor(service: "acme", position: .page("a:b/c d%e")),
        ]
        for cursor in cursors {
            #expect(XCursor(encoded: cursor.encoded) == cursor, "\(cursor.encoded)")
        }
    }

    @Test func theEncodingIsCompactAndReadable() {
        #expect(XCursor(service: "acme", position: .page("1650000000000000000")).encoded == "x1:acme:page:1650000000000000000")
        #expect(XCursor(service: "acme", position: .done).encoded == "x1:acme:done")
        #expect(XCursor(service: "acme", position: .page("a:b")).encoded == "x1:acme:page:a%3Ab")
    }

    @Test func foreignCursorsAreRejected() {
        for text in ["", "12345", "x1:acme", "x1::done", "x2:acme:done", "x1:acme:page:", "x1:acme:later", "x1:acme:done:extra", "x1:acme:page:%zz"] {
            #expect(XCursor(encoded: text) == nil, "\(text)")
        }
    }
}
