import CLibXML2
import WorkflowModel

/// A parsed document that owns its libxml2 tree and knows where each element was written.
/// Not shared between tasks: one file is read, checked and turned into values on one task.
final class XMLDocument {
    let pointer: xmlDocPtr
    let source: SourceText

    init(pointer: xmlDocPtr, source: SourceText) {
        self.pointer = pointer
        self.source = source
    }

    deinit { xmlFreeDoc(pointer) }

    /// The root element.
    var root: XMLElement? {
        xmlDocGetRootElement(pointer).map { XMLElement(node: $0) }
    }

    /// Where an element and its attributes were written; scan the tag once per element.
    func places(of element: XMLElement) -> ElementPlaces {
        ElementPlaces(source: source, tag: startTag(of: element.node), line: Int(xmlGetLineNo(element.node)))
    }

    /// Where an element's `<` is.
    func location(of element: XMLElement) -> SourceLocation {
        places(of: element).element
    }

    /// The location of a node that libxml2 reported (an element or an attribute).
    func location(ofNode node: xmlNodePtr) -> SourceLocation {
        if node.pointee.type == XML_ATTRIBUTE_NODE, let parent = node.pointee.parent {
            let name = LibXML.string(node.pointee.name) ?? ""
            return places(of: XMLElement(node: parent)).attribute(name)
        }
        return location(of: XMLElement(node: node))
    }

    /// The start tag of an element: the parser hook stored the offset just past its attributes
    /// in `_private`; the tag starts at the last `<` before it (`<` cannot occur inside a tag).
    private func startTag(of node: xmlNodePtr) -> StartTag? {
        guard let marker = node.pointee._private else { return nil }
        var index = min(Int(bitPattern: marker) - 1, source.bytes.count - 1)
        while index >= 0, source.bytes[index] != UInt8(ascii: "<") { index -= 1 }
        guard index >= 0 else { return nil }
        return StartTag(bytes: source.bytes, start: index)
    }
}

/// Where one element and its attributes are in the file.
struct ElementPlaces {
    let source: SourceText
    let tag: StartTag?
    /// libxml2's line, used only when the tag could not be found.
    let line: Int

    /// Where the element's `<` is.
    var element: SourceLocation {
        guard let tag else { return SourceLocation(file: source.file, line: line, column: 1) }
        return source.location(ofByte: tag.start)
    }

    /// Where an attribute's name is; the element's location when the attribute is absent.
    func attribute(_ name: String) -> SourceLocation {
        guard let position = tag?.position(of: name, in: source.bytes) else { return element }
        return source.location(ofByte: position.nameStart)
    }

    /// Where an attribute's value starts (after the quote).
    func value(_ name: String) -> SourceLocation {
        guard let position = tag?.position(of: name, in: source.bytes) else { return element }
        return source.location(ofByte: position.value)
    }
}

/// A thin view of a libxml2 element node.
struct XMLElement {
    let node: xmlNodePtr

    /// The local name (`fetch`).
    var name: String { LibXML.string(node.pointee.name) ?? "" }

    /// The namespace URI, if any.
    var namespaceURI: String? { LibXML.string(node.pointee.ns?.pointee.href) }

    /// Child elements, in order (text and comments skipped).
    var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLElement(node: current)) }
            child = current.pointee.next
        }
        return result
    }

    /// Attributes without a namespace, in order, with their decoded values.
    var attributes: [(name: String, value: String)] {
        var result: [(String, String)] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            if current.pointee.ns == nil, let name = LibXML.string(current.pointee.name) {
                result.append((name, Self.text(of: current.pointee.children)))
            }
            attribute = current.pointee.next
        }
        return result
    }

    /// One attribute's value.
    subscript(attribute name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The concatenated text content.
    var text: String { Self.text(of: node.pointee.children) }

    private static func text(of first: xmlNodePtr?) -> String {
        var result = ""
        var child = first
        while let current = child {
            if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE,
                let content = LibXML.string(current.pointee.content)
            {
                result += content
            }
            child = current.pointee.next
        }
        return result
    }
}
