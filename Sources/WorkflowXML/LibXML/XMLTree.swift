import Foundation
import WorkflowModel

/// An element of a checked XML file as plain values, with where each part was written. Readers
/// of wfrun's XML languages that live outside this module (the services file in
/// SocialConnectors) walk it instead of libxml2's tree.
public struct XMLTree: Sendable {
    /// One attribute: its decoded value and where its name and value were written.
    public struct Attribute: Sendable {
        /// The attribute's name.
        public var name: String
        /// The decoded value.
        public var value: String
        /// Where the name starts.
        public var location: SourceLocation
        /// Where the value starts (after the quote).
        public var valueLocation: SourceLocation
    }

    /// The local name (`service`).
    public var name: String
    /// The namespace URI, if any.
    public var namespaceURI: String?
    /// Where the element's `<` is.
    public var location: SourceLocation
    /// The attributes without a namespace, in the order written, defaults from the grammar included.
    public var attributes: [Attribute]
    /// The child elements, in order.
    public var children: [XMLTree]
    /// The element's own text.
    public var text: String

    /// One attribute, if present.
    public func attribute(_ name: String) -> Attribute? {
        attributes.first { $0.name == name }
    }

    /// One attribute's value, if present.
    public subscript(attribute name: String) -> String? {
        attribute(name)?.value
    }

    /// The element written at `location`, this one or a descendant.
    public func element(at location: SourceLocation) -> XMLTree? {
        if self.location == location { return self }
        for child in children {
            if let found = child.element(at: location) { return found }
        }
        return nil
    }

    init(_ element: XMLElement, in document: XMLDocument) {
        let places = document.places(of: element)
        name = element.name
        namespaceURI = element.namespaceURI
        location = places.element
        attributes = element.attributes.map {
            Attribute(name: $0.name, value: $0.value, location: places.attribute($0.name), valueLocation: places.value($0.name))
        }
        children = element.children.map { XMLTree($0, in: document) }
        text = element.text
    }
}

/// One of wfrun's XML languages besides workflows, read the way workflows are: libxml2 with the
/// safe options (no DTD, no network, no entities), then the language's embedded XSD, with a
/// line and column for every problem.
public struct XMLLanguage: Sendable {
    /// The root element's name.
    public let rootName: String
    /// The namespace of the language.
    public let namespace: String
    /// What messages call such a file: `services file`.
    public let fileKind: String
    private let schema: @Sendable () -> CompiledSchema

    /// The services file (Schemas/services.xsd).
    public static let services = XMLLanguage(
        rootName: "services", namespace: WorkflowNamespace.services, fileKind: "services file", schema: { CompiledSchema.services })

    /// The text of the embedded Schemas/services.xsd (byte for byte, without the final newline).
    public static let servicesXSD = EmbeddedSchemas.servicesXSD

    /// Reads and checks the file at `path`: its root element.
    /// - Throws: `XMLProblems` with every problem found, each with its place.
    public func read(path: String) throws(XMLProblems) -> XMLTree {
        switch SourceFile.read(path) {
        case .failure(let diagnostic): throw XMLProblems(diagnostics: [diagnostic])
        case .success(let source): return try read(source)
        }
    }

    /// Reads and checks a file's text.
    /// - Throws: `XMLProblems` with every problem found, each with its place.
    public func read(_ source: SourceText) throws(XMLProblems) -> XMLTree {
        try readChecked(source).get()
    }

    private func readChecked(_ source: SourceText) -> Result<XMLTree, XMLProblems> {
        let document: XMLDocument
        switch XMLDocumentParser.parse(source) {
        case .failure(var diagnostic):
            diagnostic.message = diagnostic.message
                .replacingOccurrences(of: "a workflow starts with <workflow xmlns=\"urn:wfrun:workflow:1\" name=\"…\">", with: "a \(fileKind) starts with \(expectedRoot)")
                .replacingOccurrences(of: "in workflow files", with: "in \(fileKind)s")
                .replacingOccurrences(of: "a workflow never needs that", with: "a \(fileKind) never needs that")
            return .failure(XMLProblems(diagnostics: [diagnostic]))
        case .success(let parsed): document = parsed
        }
        guard let root = document.root, root.name == rootName, root.namespaceURI == namespace else {
            let start = SourceLocation(file: source.file, line: 1, column: 1)
            guard let root = document.root else { return .failure(XMLProblems(diagnostics: [Diagnostic(.grammar, "the file has no root element", at: start)])) }
            let message = root.name == rootName
                ? "<\(rootName)> is not in the \(fileKind) namespace (it is \(root.namespaceURI.map { "'\($0)'" } ?? "in none")); write \(expectedRoot)"
                : "the root element is <\(root.name)>, so this is not a wfrun \(fileKind); it starts with \(expectedRoot)"
            return .failure(XMLProblems(diagnostics: [Diagnostic(.grammar, message, at: document.location(of: root))]))
        }
        let tree = XMLTree(root, in: document)
        let problems = schema().validate(document)
        guard problems.isEmpty else { return .failure(XMLProblems(diagnostics: problems.map { pointed($0, in: tree) }.sorted())) }
        return .success(tree)
    }

    /// libxml2 reports an attribute's grammar error on its element; point at the attribute.
    private func pointed(_ diagnostic: Diagnostic, in tree: XMLTree) -> Diagnostic {
        guard let range = diagnostic.message.range(of: "> attribute '"),
            let end = diagnostic.message[range.upperBound...].firstIndex(of: "'"),
            let element = tree.element(at: diagnostic.location),
            let attribute = element.attribute(String(diagnostic.message[range.upperBound..<end]))
        else { return diagnostic }
        var moved = diagnostic
        moved.location = attribute.location
        return moved
    }

    private var expectedRoot: String { "<\(rootName) xmlns=\"\(namespace)\">" }
}

/// Why a file of an `XMLLanguage` cannot be read: every problem, each with its place.
public struct XMLProblems: Error, Sendable {
    /// The problems, in file order.
    public var diagnostics: [Diagnostic]

    /// Creates the error.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}
