/// A parsed expression: the text of an EXPRESSION attribute and its syntax tree. Parsing happens
/// once, when the workflow is loaded, so errors point at the file; evaluation is
/// `ExpressionEvaluator`'s job.
///
///     let expression = try Expression(parsing: "lower(trim(username)) == param('who')")
///     expression.parameterReferences.map(\.name)  // ["who"]
///     expression.fieldPaths                       // [["username"]]
public struct Expression: Sendable, Hashable, CustomStringConvertible {
    /// The text as written (after XML decoding).
    public let source: String
    /// The syntax tree.
    public let root: ExpressionNode

    /// Parses `source`; the error says what is wrong and where, as an offset in Unicode scalars.
    public init(parsing source: String) throws(ExpressionError) {
        var parser = try ExpressionParser(source: source)
        self.source = source
        self.root = try parser.parse()
    }

    /// The source text.
    public var description: String { source }

    /// Every `param('name')` call, in source order; the offset is the name literal's.
    public var parameterReferences: [ParameterReference] {
        var references: [ParameterReference] = []
        root.forEachNode { node in
            if case .call(.param, let arguments) = node.kind, case .literal(.string(let name)) = arguments.first?.kind {
                references.append(ParameterReference(name: name, offset: arguments[0].offset))
            }
        }
        return references
    }

    /// Every field path read, in source order, with where it is written.
    public var fieldReferences: [FieldReference] {
        var references: [FieldReference] = []
        root.forEachNode { node in
            if case .path(let path) = node.kind { references.append(FieldReference(path: path, offset: node.offset)) }
        }
        return references
    }

    /// The distinct field paths read, in order of first appearance: `public_metrics.followers_count`
    /// is `["public_metrics", "followers_count"]`.
    public var fieldPaths: [[String]] {
        var seen: Set<[String]> = []
        return fieldReferences.map(\.path).filter { seen.insert($0).inserted }
    }
}

/// A `param('name')` call in an expression.
public struct ParameterReference: Sendable, Hashable {
    /// The parameter's name.
    public var name: String
    /// 0-based offset, in Unicode scalars, of the quoted name.
    public var offset: Int

    /// Creates a reference.
    public init(name: String, offset: Int) {
        self.name = name
        self.offset = offset
    }
}

/// A field path read by an expression.
public struct FieldReference: Sendable, Hashable {
    /// The path's segments.
    public var path: [String]
    /// 0-based offset, in Unicode scalars, of the path's first segment.
    public var offset: Int

    /// Creates a reference.
    public init(path: [String], offset: Int) {
        self.path = path
        self.offset = offset
    }
}
