import CLibXML2
import Foundation
import WorkflowModel

/// Turns a file's bytes into a libxml2 tree, safely: no network, no entity substitution, no DTD
/// loading, and any DOCTYPE stops the parser at once (before an internal subset's entities are
/// even read). Failures come back as the single diagnostic that explains them.
enum XMLDocumentParser {
    /// What the parser callbacks collect while libxml2 runs.
    private final class Session {
        var firstError: (code: Int32, message: String, line: Int, column: Int)?
        var doctypeOffset: Int?
    }

    /// Parses `source`; either a document or the diagnostic that says why not.
    static func parse(_ source: SourceText) -> Result<XMLDocument, Diagnostic> {
        _ = LibXML.ready
        let start = SourceLocation(file: source.file, line: 1, column: 1)
        if source.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return .failure(Diagnostic(.emptyFile, "the file is empty; a workflow starts with <workflow xmlns=\"urn:wfrun:workflow:1\" name=\"…\">", at: start))
        }
        guard source.bytes.count < Int(Int32.max) else {
            return .failure(Diagnostic(.parserLimit, "the file is larger than 2 GB; split the workflow", at: start))
        }
        let session = Session()
        let context: xmlParserCtxtPtr? = source.bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlCreateMemoryParserCtxt($0, Int32(buffer.count))
            }
        }
        guard let context else {
            return .failure(Diagnostic(.parserLimit, "libxml2 could not allocate a parser; the machine is out of memory", at: start))
        }
        defer { xmlFreeParserCtxt(context) }
        xmlCtxtUseOptions(context, LibXML.safeOptions)
        let retained = Unmanaged.passRetained(session)
        defer { retained.release() }
        context.pointee._private = retained.toOpaque()
        installHooks(context.pointee.sax)

        xmlParseDocument(context)
        let document = context.pointee.myDoc.map { XMLDocument(pointer: $0, source: source) }
        context.pointee.myDoc = nil

        if let offset = session.doctypeOffset {
            return .failure(Diagnostic(
                .doctypeRefused,
                "DOCTYPE declarations are not allowed in workflow files (entities and external DTDs are refused for safety); remove the <!DOCTYPE …> declaration",
                at: source.location(ofByte: doctypeStart(in: source.bytes, before: offset))))
        }
        if let error = session.firstError {
            return .failure(diagnostic(for: error, in: source))
        }
        guard context.pointee.wellFormed != 0, let document else {
            return .failure(Diagnostic(.malformedXML, "the file is not well-formed XML; check its markup", at: start))
        }
        return .success(document)
    }

    private static func installHooks(_ sax: UnsafeMutablePointer<xmlSAXHandler>?) {
        guard let sax else { return }
        sax.pointee.serror = { userData, error in
            guard let context = userData?.assumingMemoryBound(to: xmlParserCtxt.self),
                let error, let marker = context.pointee._private
            else { return }
            let session = Unmanaged<Session>.fromOpaque(marker).takeUnretainedValue()
            let level = error.pointee.level
            guard session.firstError == nil, level == XML_ERR_ERROR || level == XML_ERR_FATAL,
                error.pointee.code != Int32(XML_ERR_USER_STOP.rawValue)
            else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
            session.firstError = (error.pointee.code, message, Int(error.pointee.line), Int(error.pointee.int2))
        }
        // Remember where each element's start tag ends, so diagnostics can carry a column.
        sax.pointee.startElementNs = { context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaulted, attributes in
            xmlSAX2StartElementNs(context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaulted, attributes)
            guard let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self), let node = parser.pointee.node else { return }
            node.pointee._private = UnsafeMutableRawPointer(bitPattern: Int(xmlByteConsumed(parser)) + 1)
        }
        // A DOCTYPE is refused before its internal subset (and any entity) is parsed.
        sax.pointee.internalSubset = { context, _, _, _ in
            guard let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self), let marker = parser.pointee._private else { return }
            let session = Unmanaged<Session>.fromOpaque(marker).takeUnretainedValue()
            session.doctypeOffset = Int(xmlByteConsumed(parser))
            xmlStopParser(parser)
        }
    }

    private static func doctypeStart(in bytes: [UInt8], before offset: Int) -> Int {
        var index = min(offset, bytes.count - 1)
        while index > 0 {
            if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "!") { return index }
            index -= 1
        }
        return 0
    }

    private static func diagnostic(for error: (code: Int32, message: String, line: Int, column: Int), in source: SourceText) -> Diagnostic {
        let text = error.message.split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? error.message
        let location = SourceLocation(file: source.file, line: max(1, error.line), column: max(1, error.column))
        switch error.code {
        case Int32(XML_ERR_INVALID_CHAR.rawValue), Int32(XML_ERR_INVALID_ENCODING.rawValue),
            Int32(XML_ERR_UNKNOWN_ENCODING.rawValue), Int32(XML_ERR_UNSUPPORTED_ENCODING.rawValue):
            let bytes = error.message.split(separator: "\n").first { $0.hasPrefix("Bytes:") }
                .map { " (bytes " + $0.dropFirst("Bytes:".count).trimmingCharacters(in: .whitespaces) + ")" } ?? ""
            return Diagnostic(.invalidEncoding, "the file is not valid UTF-8 here\(bytes); save it as UTF-8", at: location)
        case Int32(XML_ERR_DOCUMENT_EMPTY.rawValue):
            return Diagnostic(.emptyFile, "the file has no XML element; a workflow starts with <workflow xmlns=\"urn:wfrun:workflow:1\" name=\"…\">", at: location)
        default:
            if text.contains("Excessive depth") {
                return Diagnostic(.parserLimit, "elements are nested more than 256 deep; a workflow never needs that, check the file", at: location)
            }
            if text.contains("AttValue length too long") {
                return Diagnostic(.parserLimit, "an attribute value is longer than the parser's 10 MB limit; a workflow never needs that, check the file", at: location)
            }
            if text.contains("too long") || text.contains("Huge input") || text.contains("too large") {
                return Diagnostic(.parserLimit, "a value exceeds the parser's size limit (\(text.lowercasedFirst)); a workflow never needs that, check the file", at: location)
            }
            return Diagnostic(.malformedXML, "not well-formed XML: \(text.lowercasedFirst); fix the markup here", at: location)
        }
    }
}

extension String {
    /// The string with its first letter in lower case, to embed a library's message mid-sentence.
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
