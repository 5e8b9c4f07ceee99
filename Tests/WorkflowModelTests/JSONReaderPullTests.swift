import Testing
import WorkflowModel

/// `JSONReader`'s forward-only API, the one tokenizer under the tree reader and X's follower
/// pages: exact tokens and offsets, skipping that still checks, and every kind of bad input an
/// error that says what and where.
@Suite struct JSONReaderPullTests {
    /// Runs `body` with a reader over the UTF-8 of `text`.
    static func reading<T>(_ text: String, _ body: (inout JSONReader) throws -> T) throws -> T {
        try reading(Array(text.utf8), body)
    }

    static func reading<T>(_ bytes: [UInt8], _ body: (inout JSONReader) throws -> T) throws -> T {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            return try body(&reader)
        }
    }

    /// The syntax error `body` throws over `text`, if any.
    static func failure(_ text: String, _ body: (inout JSONReader) throws -> Void) -> JSONSyntaxError? {
        failure(Array(text.utf8), body)
    }

    static func failure(_ bytes: [UInt8], _ body: (inout JSONReader) throws -> Void) -> JSONSyntaxError? {
        do {
            try reading(bytes, body)
            return nil
        } catch {
            return error as? JSONSyntaxError
        }
    }

    /// Reads a whole value and checks nothing follows it.
    static func skipAll(_ reader: inout JSONReader) throws {
        try reader.skipValue()
        try reader.end()
    }

    @Test func tokensComeInOrderWithTheirExactValues() throws {
        let text = #" {"id": "42", "n\u0061me": "Ren\u00e9e", "count": -7, "ratio": 2.5e-1, "ok": true, "no": false, "gone": null, "list": [1, "x"], "empty": {}} "#
        try Self.reading(text) { reader in
            #expect(try reader.peek() == .object)
            try reader.beginObject()
            #expect(reader.offset == 2)
            var seen: [String] = []
            while let key = try reader.nextKey() {
                seen.append(key.string)
                switch key {
                case "id":
                    let value = try reader.text()
                    #expect(value.string == "42")
                    #expect(value.utf8.map { Array($0) } == Array("42".utf8))  // no escapes: the bytes in place
                case "name":
                    #expect(key.utf8 == nil)  // the key had an escape
                    #expect(try reader.string() == "Renée")
                case "count": #expect(try reader.number() == .int(-7))
                case "ratio": #expect(try reader.number() == .number(0.25))
                case "ok": #expect(try reader.bool() == true)
                case "no": #expect(try reader.bool() == false)
                case "gone":
                    #expect(try reader.peek() == .null)
                    let wasNull = reader.null()
                    #expect(wasNull)
                case "list":
                    try reader.beginArray()
                    #expect(try reader.nextElement())
                    #expect(try reader.number() == .int(1))
                    #expect(try reader.nextElement())
                    #expect(try reader.string() == "x")
                    #expect(try reader.nextElement() == false)
                case "empty":
                    try reader.beginObject()
                    #expect(try reader.nextKey() == nil)
                default:
                    Issue.record("unexpected key \(key.string)")
                }
            }
            try reader.end()
            #expect(reader.offset == text.utf8.count)
            #expect(seen == ["id", "name", "count", "ratio", "ok", "no", "gone", "list", "empty"])
        }
    }

    @Test func aKeyMatchesOnlyItsExactName() throws {
        try Self.reading(#"{"i":1,"idx":2,"\u0069d":3,"id":4}"#) { reader in
            try reader.beginObject()
            var matched: [ExpressionValue] = []
            while let key = try reader.nextKey() {
                if case "id" = key { matched.append(try reader.number()) } else { try reader.skipValue() }
            }
            #expect(matched == [.int(3), .int(4)])
        }
    }

    @Test func nullIsReadOnlyWhenItComesNext() throws {
        try Self.reading("[nul, null]") { reader in
            try reader.beginArray()
            #expect(try reader.nextElement())
            let wasNull = reader.null()
            #expect(wasNull == false)
            #expect(reader.offset == 1)
        }
    }

    /// A skipped value leaves the reader just after it, however deep it nests.
    @Test func skippingANestedValueLandsRightAfterIt() throws {
        let skipped = #"{"a":[1,{"b":[true,null,"x\u00e9\"]}",[],{}]}],"c":-1.5e3,"d":"東京"}"#
        let text = #"{"skip":"# + skipped + #","keep":7}"#
        try Self.reading(text) { reader in
            try reader.beginObject()
            #expect(try reader.nextKey()?.string == "skip")
            try reader.skipValue()
            #expect(reader.offset == 8 + skipped.utf8.count)
            #expect(try reader.nextKey()?.string == "keep")
            #expect(try reader.number() == .int(7))
            #expect(try reader.nextKey() == nil)
            try reader.end()
        }
    }

    /// Skipping checks as much as reading: the grammar, the escapes, the UTF-8.
    @Test(arguments: [
        (#"{"a":[1,}]}"#, "unexpected '}' where a value should be", 8),
        (#"{"a":"\x"}"#, "\\x is not a JSON escape", 6),
        (#"{"a":01}"#, "a number cannot start with 0 (write 7, not 07)", 6),
        (#"{"a":[tru]}"#, "unexpected 't' where a value should be", 6),
        (#"{"a" 1}"#, "expected ':' after the field name \"a\", found '1'", 5),
        (#"{"a":1 "b":2}"#, "expected ',' or '}' in an object, found '\"'", 7),
        (#"[1 2]"#, "expected ',' or ']' in an array, found '2'", 3),
        (#"{"a":1,}"#, "expected a quoted field name, found '}'", 7),
        (#"{} {}"#, "unexpected '{' after the value", 3),
        (#"@"#, "unexpected '@' where a value should be", 0),
    ])
    func skippingStillChecksItIsJSON(text: String, message: String, offset: Int) {
        let error = Self.failure(text, Self.skipAll)
        #expect(error?.message == message)
        #expect(error?.offset == offset)
    }

    @Test func readingTheWrongKindSaysWhatWasExpected() {
        #expect(Self.failure(" [1]") { try $0.beginObject() } == JSONSyntaxError(message: "expected an object, found '['", offset: 1))
        #expect(Self.failure("{}") { try $0.beginArray() } == JSONSyntaxError(message: "expected an array, found '{'", offset: 0))
        #expect(Self.failure("7") { _ = try $0.string() } == JSONSyntaxError(message: "expected a string, found '7'", offset: 0))
        #expect(Self.failure("\"7\"") { _ = try $0.number() } == JSONSyntaxError(message: "expected a number, found '\"'", offset: 0))
        #expect(Self.failure("null") { _ = try $0.bool() } == JSONSyntaxError(message: "unexpected 'n' where a value should be", offset: 0))
        #expect(Self.failure("  ") { _ = try $0.string() } == JSONSyntaxError(message: "the text ends where a string should be", offset: 2))
    }

    /// Every cut of a document is an error, never a crash or a value, at an offset within the cut.
    @Test func everyTruncationIsAnError() {
        let text = #"{"a":[1,-2.5e3,{"b":"c\u00e9\n"}],"d":true,"e":null,"f":"東京"}"#
        let bytes = Array(text.utf8)
        #expect(Self.failure(bytes, Self.skipAll) == nil)
        for length in 0..<bytes.count {
            let cut = Array(bytes[..<length])
            let skipped = Self.failure(cut, Self.skipAll)
            #expect(skipped != nil && skipped!.offset <= length, "cut at \(length): \(String(describing: skipped))")
            let read = Self.failure(cut) { _ = try $0.value() }
            #expect(read != nil && read!.offset <= length, "cut at \(length): \(String(describing: read))")
        }
        #expect(Self.failure(#"{"a":[1,2"#, Self.skipAll) == JSONSyntaxError(message: "expected ',' or ']' in an array, found the end of the text", offset: 9))
        #expect(Self.failure(#"{"a":"xy"#, Self.skipAll) == JSONSyntaxError(message: "a string is never closed", offset: 5))
        #expect(Self.failure(#"{"a":"\u00"#, Self.skipAll) == JSONSyntaxError(message: "a \\u escape needs four hexadecimal digits", offset: 8))
    }

    /// Nesting is bounded: 256 levels read, 257 do not, whether read or skipped.
    @Test func nestingDeeperThanTheLimitIsRefused() throws {
        let limit = JSONReader.maximumDepth
        #expect(limit == 256)
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        try Self.reading(deepest) { reader in try Self.skipAll(&reader) }
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        let expected = JSONSyntaxError(message: "nested deeper than 256 levels", offset: limit)
        #expect(Self.failure(tooDeep, Self.skipAll) == expected)
        #expect(Self.failure(tooDeep) { _ = try $0.value() } == expected)
        let objects = String(repeating: #"{"a":"#, count: 100_000)
        #expect(Self.failure(objects, Self.skipAll)?.message == "nested deeper than 256 levels")
    }

    /// Invalid UTF-8 is refused in values, keys, skipped values and strings with escapes, at the
    /// string's opening quote; the bytes of an escape-free string are then valid UTF-8.
    @Test(arguments: [
        [0xC3, 0x28], [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
        [0xE2, 0x82], [0xFF],
    ] as [[UInt8]])
    func invalidUTF8IsRefusedWherever(sequence: [UInt8]) {
        let notUTF8 = "a string is not UTF-8 text; save the file as UTF-8"
        let asValue = Array(#"{"k":"abcdefghij"#.utf8) + sequence + Array(#""}"#.utf8)
        #expect(Self.failure(asValue) { _ = try $0.value() } == JSONSyntaxError(message: notUTF8, offset: 5))
        #expect(Self.failure(asValue, Self.skipAll) == JSONSyntaxError(message: notUTF8, offset: 5))
        let asKey = Array(#"{"#.utf8) + [0x22] + sequence + Array(#"":1}"#.utf8)
        #expect(Self.failure(asKey, Self.skipAll) == JSONSyntaxError(message: notUTF8, offset: 1))
        let escaped = Array(#"["\n"#.utf8) + sequence + Array(#""]"#.utf8)
        #expect(Self.failure(escaped) { _ = try $0.value() } == JSONSyntaxError(message: notUTF8, offset: 1))
    }

    @Test func validUTF8OfEveryLengthReads() throws {
        let text = "aé東😀\u{10FFFF}\u{FFFD}"
        #expect(try JSONReader.value(from: "\"\(text)\"") == .string(text))
        #expect(try JSONReader.value(from: "[\"x\\n\(text)\"]") == .array([.string("x\n\(text)")]))
    }

    /// The eight-bytes-at-a-time string scan finds the quote, backslash or control character at
    /// every position of a word, after ASCII and non-ASCII bytes alike.
    @Test func stringsEndWhereverTheirClosingByteFalls() throws {
        for count in 0..<20 {
            for filler in ["a", "é"] {
                let body = String(repeating: filler, count: count)
                let width = body.utf8.count
                #expect(try JSONReader.value(from: "\"\(body)\" ") == .string(body))
                #expect(try JSONReader.value(from: "\"\(body)\\t\(body)\"") == .string(body + "\t" + body))
                #expect(Self.failure("\"\(body)\u{1}\"", Self.skipAll) == JSONSyntaxError(
                    message: "a control character (code 1) in a string must be escaped, e.g. \\n", offset: 1 + width))
            }
        }
    }

    /// Whole numbers within 64 bits are ints; any other number is a finite `Double`, or an error.
    @Test(arguments: [
        ("0", ExpressionValue.int(0)), ("-0", .int(0)), ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .number(9_223_372_036_854_775_808)), ("-9223372036854775809", .number(-9_223_372_036_854_775_808.0)),
        ("123456789012345678901234567890", .number(1.2345678901234568e29)), ("1.0", .number(1)), ("1E+2", .number(100)),
        ("-2.5e-3", .number(-0.0025)), ("1e308", .number(1e308)),
    ])
    func numbersKeepTheRuleOfTheTree(text: String, expected: ExpressionValue) throws {
        #expect(try Self.reading(text) { reader in try reader.number() } == expected)
    }

    @Test(arguments: [
        ("1e999", "the number is out of range", 0), ("-1e400", "the number is out of range", 0), ("-", "a number needs digits after '-'", 1),
        ("-a", "a number needs digits after '-'", 1), ("1.e5", "a number needs digits after '.'", 2), ("1e+", "a number needs digits in its exponent", 3),
        ("00", "a number cannot start with 0 (write 7, not 07)", 1), ("+1", "unexpected '+' where a value should be", 0),
    ])
    func badNumbersSayWhatAndWhere(text: String, message: String, offset: Int) {
        #expect(Self.failure(text) { _ = try $0.value() } == JSONSyntaxError(message: message, offset: offset))
    }

    /// The grammar of a skipped number is checked; its range is not (1e999 is JSON).
    @Test func aSkippedNumberIsCheckedButNotConverted() throws {
        try Self.reading("[1e999, 1]") { reader in
            try reader.beginArray()
            #expect(try reader.nextElement())
            try reader.skipValue()
            #expect(try reader.nextElement())
            #expect(try reader.number() == .int(1))
        }
    }
}
