import CLibXML2

/// libxml2's process-wide set-up, done once before any parse: initialise the library, make
/// every external load (DTDs, entities, schema includes) fail, so that no document can make wfrun
/// read a file or open a connection, and keep libxml2 from printing. wfrun's own schemas are
/// compiled from memory.
enum LibXML {
    static let ready: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
        // Errors raised outside a parser context (bytes that are not valid in the encoding the
        // file declares: "encoding error : input conversion failed…", "I/O error : encoder
        // error") go to the global handler, which prints them on standard error. The parser's own
        // handler reports the resulting parse error as a diagnostic, so these are dropped: for
        // this thread, and for every thread libxml2 sets up later.
        let silence: xmlStructuredErrorFunc = { _, _ in }
        xmlSetStructuredErrorFunc(nil, silence)
        xmlThrDefSetStructuredErrorFunc(nil, silence)
    }()

    /// Parser options: no network, no entity substitution, no DTD loading or validation. Limits
    /// (nesting depth, text and attribute size) stay at libxml2's safe defaults: no XML_PARSE_HUGE.
    static let safeOptions: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue)

    /// A libxml2 string, copied into Swift.
    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
