import CLibXML2
import Foundation
import WorkflowModel

/// An XSD compiled once by libxml2 from wfrun's embedded copy. libxml2 allows one compiled schema
/// to serve many validation contexts at once, and nothing mutates it after compilation, which is
/// why sharing it between tasks is safe.
final class CompiledSchema: @unchecked Sendable {
    private let schema: xmlSchemaPtr
    /// The namespace its documents use, to strip from libxml2's messages.
    private let namespace: String

    /// The workflow grammar, Schemas/workflow.xsd.
    static let workflow = CompiledSchema(xsd: EmbeddedSchemas.workflowXSD, namespace: WorkflowNamespace.workflow)
    /// The data schema grammar, Schemas/data-schema.xsd.
    static let dataSchema = CompiledSchema(xsd: EmbeddedSchemas.dataSchemaXSD, namespace: WorkflowNamespace.data)
    /// The services file grammar, Schemas/services.xsd.
    static let services = CompiledSchema(xsd: EmbeddedSchemas.servicesXSD, namespace: WorkflowNamespace.services)

    private init(xsd: String, namespace: String) {
        _ = LibXML.ready
        self.namespace = namespace
        var bytes = Array(xsd.utf8)
        let parser = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlSchemaNewMemParserCtxt($0, Int32(buffer.count))
            }
        }
        guard let parser, let schema = xmlSchemaParse(parser) else {
            // The schemas ship inside the binary and a test compiles them; this is a build defect.
            preconditionFailure("wfrun's embedded schema for \(namespace) does not compile; run Scripts/check-schemas.sh")
        }
        xmlSchemaFreeParserCtxt(parser)
        self.schema = schema
    }

    deinit { xmlSchemaFree(schema) }

    /// Validates a document; every grammar error, each with its place.
    func validate(_ document: XMLDocument) -> [Diagnostic] {
        final class Collector {
            var errors: [(node: xmlNodePtr?, line: Int, message: String)] = []
        }
        guard let context = xmlSchemaNewValidCtxt(schema) else { return [] }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = Collector()
        let retained = Unmanaged.passRetained(collector)
        defer { retained.release() }
        xmlSchemaSetValidStructuredErrors(context, { userData, error in
            guard let userData, let error else { return }
            let collector = Unmanaged<Collector>.fromOpaque(userData).takeUnretainedValue()
            let node = error.pointee.node?.assumingMemoryBound(to: xmlNode.self)
            let message = error.pointee.message.map { String(cString: $0) } ?? "invalid"
            collector.errors.append((node, Int(error.pointee.line), message))
        }, retained.toOpaque())
        xmlSchemaValidateDoc(context, document.pointer)
        return collector.errors.map { error in
            let location = error.node.map { document.location(ofNode: $0) }
                ?? SourceLocation(file: document.source.file, line: max(1, error.line), column: 1)
            return Diagnostic(.grammar, readable(error.message), at: location)
        }
    }

    /// libxml2's message without namespace braces and in wfrun's tone:
    /// "Element '{urn:…}fetch': The attribute 'connector' is required but missing." becomes
    /// "<fetch>: the attribute 'connector' is required but missing", and
    /// "Element '…column', attribute 'type': [facet 'enumeration'] The value …" becomes
    /// "<column> attribute 'type': the value …".
    private func readable(_ message: String) -> String {
        var text = message.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "{\(namespace)}", with: "")
        if text.hasPrefix("Element '") {
            var rest = text.dropFirst("Element '".count)
            let element = rest.prefix { $0 != "'" }
            rest = rest.dropFirst(element.count + 1)
            var subject = "<\(element)>"
            if rest.hasPrefix(", attribute '") {
                rest = rest.dropFirst(", attribute '".count)
                let attribute = rest.prefix { $0 != "'" }
                rest = rest.dropFirst(attribute.count + 1)
                subject += " attribute '\(attribute)'"
            }
            if rest.hasPrefix(": ") { rest = rest.dropFirst(2) }
            if rest.hasPrefix("[facet"), let close = rest.firstIndex(of: "]") {
                rest = rest[rest.index(after: close)...].drop { $0 == " " }
            }
            text = subject + ": " + String(rest).lowercasedFirst
        }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// The XML namespaces of wfrun's languages.
public enum WorkflowNamespace {
    /// Workflow files.
    public static let workflow = "urn:wfrun:workflow:1"
    /// Data schema files.
    public static let data = "urn:wfrun:data:1"
    /// Services files (the social accounts and where their credentials are).
    public static let services = "urn:wfrun:services:1"
}
