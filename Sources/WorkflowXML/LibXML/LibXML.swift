import CLibXML2

/// libxml2's process-wide set-up, done once before any parse: initialise the library and make
/// every external load (DTDs, entities, schema includes) fail, so that no document can make wfrun
/// read a file or open a connection. wfrun's own schemas are compiled from memory.
enum LibXML {
    static let ready: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    /// Parser options: no network, no entity substitution, no DTD loading or validation. Limits
    /// (nesting depth, text and attribute size) stay at libxml2's safe defaults: no XML_PARSE_HUGE.
    static let safeOptions: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue)

    /// A libxml2 string, copied into Swift.
    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
