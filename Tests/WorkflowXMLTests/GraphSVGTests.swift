import CLibXML2
import Foundation
import Testing
import WorkflowModel
import WorkflowXML

/// `GraphSVG`: the exact drawing of a tiny workflow, escaping of hostile labels and links (the
/// SVG parsed back with libxml2), classes for the console's stylesheet, nothing a CSP forbids.
@Suite struct GraphSVGTests {
    static let tiny = """
        <workflow xmlns="urn:wfrun:workflow:1" name="tiny">
          <start name="begin"><next to="done"/></start>
          <end name="done"/>
        </workflow>
        """

    @Test("a tiny workflow draws exactly this")
    func tinyGolden() throws {
        let workflow = try #require(Fixtures.load(text: Self.tiny).workflow)
        #expect(GraphSVG.render(workflow, states: ["begin": "succeeded"], links: ["done": "/workflows/tiny?a=1&b=2"]) == #"""
            <svg xmlns="http://www.w3.org/2000/svg" class="wfrun-graph" viewBox="0 0 124 182" width="124" height="182" role="img" aria-label="Activity graph of tiny" font-family="system-ui, sans-serif">
              <title>Activity graph of tiny</title>
              <defs>
                <marker id="wfg-6135e66b-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#8a94a6"/></marker>
                <marker id="wfg-6135e66b-arrow-error" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#c5221f"/></marker>
              </defs>
              <g class="edges">
                <g class="edge edge-next" id="wfg-6135e66b-e0">
                  <path d="M62,64 L62,118" fill="none" stroke="#8a94a6" stroke-width="1.4" marker-end="url(#wfg-6135e66b-arrow)"/>
                  <text class="edge-label" x="62" y="94.5" text-anchor="middle" font-size="10" fill="#5f6b7a" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">next</text>
                </g>
              </g>
              <g class="nodes">
                <g class="node kind-start state-succeeded" id="wfg-6135e66b-n0">
                  <title>begin (start)</title>
                  <rect class="shape" x="20" y="20" width="84" height="44" rx="22" fill="#e6f4ea" stroke="#34a853" stroke-width="1.5"/>
                  <text class="label" x="62" y="41" text-anchor="middle" font-size="13" font-weight="600" fill="#1f2430">begin</text>
                  <text class="kind" x="62" y="55" text-anchor="middle" font-size="10.5" fill="#5f6b7a">start</text>
                </g>
                <a href="/workflows/tiny?a=1&amp;b=2">
                  <g class="node kind-end state-none" id="wfg-6135e66b-n1">
                    <title>done (end)</title>
                    <ellipse class="shape" cx="62" cy="140" rx="35.7" ry="22" fill="#f3f4f6" stroke="#8a94a6" stroke-width="1.5"/>
                    <ellipse class="shape-inner" cx="62" cy="140" rx="31.7" ry="18" fill="none" stroke="#8a94a6" stroke-width="1"/>
                    <text class="label" x="62" y="139" text-anchor="middle" font-size="13" font-weight="600" fill="#1f2430">done</text>
                    <text class="kind" x="62" y="153" text-anchor="middle" font-size="10.5" fill="#5f6b7a">end</text>
                  </g>
                </a>
              </g>
            </svg>
            """#)
    }

    @Test("labels, names, kinds, states and links carrying markup come out escaped and read back intact")
    func escaping() throws {
        let script = #"<script>alert("x")</script>"#
        let quotes = #"x"' onload="alert(1)"#
        let workflow = GraphLayoutTests.workflow([
            ("start", "begin", [(.next, "a")]),
            ("map", "a", [(.next, "b")]),
            ("map", "b", []),
        ], label: script + " & " + quotes)
        var labelled = workflow
        labelled.activities[1].label = script
        labelled.activities[2].label = quotes
        let svg = GraphSVG.render(
            labelled,
            states: ["a": #"failed" onload="alert(1)"#, "b": "<script>"],
            links: ["a": #"/run?x="><script>alert(1)</script>"#, "b": "javascript:alert(1)", "begin": "JavaScript:alert(1)"])
        #expect(!svg.contains("<script"))
        #expect(!svg.lowercased().contains("javascript:"))
        #expect(!svg.contains(#"onload=""#))
        #expect(!svg.contains("style"))

        let tree = try #require(SVGTree.parse(svg), "libxml2 refused:\n\(svg)")
        #expect(tree.name == "svg")
        #expect(tree.attributes["aria-label"] == "Activity graph of \(script) & \(quotes)")
        let nodes = tree.all { $0.attributes["class"]?.hasPrefix("node ") == true }
        #expect(nodes.map { $0.attributes["class"] ?? "" } == [
            "node kind-start state-none", "node kind-map state-failedonloadalert1", "node kind-map state-script",
        ])
        let captions = tree.all { $0.attributes["class"] == "label" }.map(\.text)
        #expect(captions == ["begin", script, quotes])
        let links = tree.all { $0.name == "a" }.map { $0.attributes["href"] ?? "" }
        #expect(links == [#"/run?x="><script>alert(1)</script>"#])
        #expect(tree.all { $0.name == "script" || $0.name == "style" || $0.attributes["style"] != nil }.isEmpty)
        #expect(tree.all { $0.attributes.keys.contains { $0.lowercased().hasPrefix("on") } }.isEmpty)
    }

    @Test("control characters that XML cannot carry become U+FFFD; the SVG still parses")
    func controlCharacters() throws {
        var workflow = GraphLayoutTests.workflow([("map", "a", [])])
        workflow.activities[0].label = "bell\u{07}tab\there"
        let svg = GraphSVG.render(workflow)
        let tree = try #require(SVGTree.parse(svg), "libxml2 refused:\n\(svg)")
        #expect(tree.all { $0.attributes["class"] == "label" }.map(\.text) == ["bell\u{FFFD}tab here"])
    }

    @Test("ids are unique and made of safe characters, whatever the names")
    func ids() throws {
        let workflow = GraphLayoutTests.workflow([
            ("start", #"a" id="x"#, [(.next, "b b")]), ("map", "b b", [(.next, "b b")]), ("end", "é", []),
        ])
        let tree = try #require(SVGTree.parse(GraphSVG.render(workflow)))
        let ids = tree.all { $0.attributes["id"] != nil }.compactMap { $0.attributes["id"] }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } })
        #expect(ids.count == 2 + 3 + 2)
    }

    @Test("edges carry their kind as a class and a label; onError is dashed; loops are marked back")
    func edgeClasses() throws {
        let workflow = try #require(Fixtures.load(text: GraphRendererTests.text).workflow)
        let tree = try #require(SVGTree.parse(GraphSVG.render(workflow)))
        let edges = tree.all { $0.attributes["class"]?.hasPrefix("edge ") == true }
        #expect(edges.map { $0.attributes["class"] ?? "" } == ["edge edge-next", "edge edge-then", "edge edge-else", "edge edge-onError", "edge edge-next"])
        #expect(edges.map { $0.all { $0.attributes["class"] == "edge-label" }.first?.text ?? "" } == ["next", "then", "else", "onError", "next"])
        let dashed = edges.map { $0.all { $0.name == "path" }.first?.attributes["stroke-dasharray"] }
        #expect(dashed == [nil, nil, nil, "5 4", nil])
        let shapes = tree.all { $0.attributes["class"] == "shape" }.map(\.name)
        #expect(shapes == ["rect", "polygon", "rect", "ellipse"])
    }

    @Test("every shipped workflow renders to SVG that libxml2 parses, one node group per activity", arguments: GraphLayoutTests.shipped)
    func shippedWorkflowsParse(_ name: String) throws {
        let workflow = try GraphLayoutTests.loadShipped(name)
        let svg = GraphSVG.render(workflow)
        let tree = try #require(SVGTree.parse(svg), "libxml2 refused:\n\(svg)")
        #expect(tree.all { $0.attributes["class"]?.hasPrefix("node ") == true }.count == workflow.activities.count)
    }
}

/// An element of a parsed SVG: enough of a tree to read classes, attributes and text back.
struct SVGTree {
    var name: String
    var attributes: [String: String]
    var text: String
    var children: [SVGTree]

    /// Every element at or under this one, in document order, for which `test` holds.
    func all(_ test: (SVGTree) -> Bool) -> [SVGTree] {
        (test(self) ? [self] : []) + children.flatMap { $0.all(test) }
    }

    /// The document element of `text` parsed by libxml2 without network or entities, or nil if
    /// it is not well-formed.
    static func parse(_ text: String) -> SVGTree? {
        let bytes = Array(text.utf8)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "graph.svg", "UTF-8", options)
            }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return nil }
        return element(root)
    }

    private static func element(_ node: xmlNodePtr) -> SVGTree {
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = String(cString: current.pointee.name)
            if let value = xmlGetProp(node, current.pointee.name) {
                attributes[name] = String(cString: value)
                free(value)  // libxml2 allocates with malloc by default; its xmlFree is a global Swift 6 refuses
            }
            attribute = current.pointee.next
        }
        var text = ""
        if let content = xmlNodeGetContent(node) {
            text = String(cString: content)
            free(content)
        }
        var children: [SVGTree] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { children.append(element(current)) }
            child = current.pointee.next
        }
        return SVGTree(name: String(cString: node.pointee.name), attributes: attributes, text: text, children: children)
    }
}
