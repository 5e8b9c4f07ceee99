import Foundation
import Testing
import WorkflowModel
import WorkflowXML

/// Line and column lookups: exact on multi-byte text, and bounded on a line of megabytes.
@Suite struct SourceTextTests {
    @Test func locationsMatchCountingFromTheLineStart() {
        // Lines of several checkpoint strides, with 2-, 3- and 4-byte scalars.
        var text = ""
        for line in 0..<40 {
            text += String(repeating: ["a", "é", "€", "𝄞"][line % 4] + "x", count: line * 97) + "\n"
        }
        let bytes = Array(text.utf8)
        let source = SourceText(file: "t.xml", bytes: bytes)
        // Walk the text once, counting lines and scalars as the definition says.
        var line = 1
        var column = 1
        for offset in 0...bytes.count {
            if offset % 7 == 0, offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
                let location = source.location(ofByte: offset)
                #expect(location.line == line && location.column == column, "offset \(offset)")
                #expect(source.byteOffset(of: location) == offset, "offset \(offset)")
            }
            guard offset < bytes.count else { break }
            if bytes[offset] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if offset + 1 == bytes.count || bytes[offset + 1] & 0xC0 != 0x80 {
                column += 1
            }
        }
    }

    @Test func aLineOfMegabytesIsLookedUpQuickly() {
        let bytes = Array(String(repeating: "<log name=\"é\"/>", count: 500_000).utf8)
        let source = SourceText(file: "one-line.xml", bytes: bytes)
        let started = ContinuousClock.now
        var offset = 0
        for step in 0..<20_000 {
            offset = step * (bytes.count / 20_000)
            let location = source.location(ofByte: offset)
            #expect(source.byteOffset(of: location) == offset)
        }
        // 20,000 lookups on one 8 MB line: each used to walk the line from its start.
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
