/// A node of a parsed expression: what it is, and where it starts in the source, so that parse
/// errors, lint findings and evaluation errors can point at it.
public struct ExpressionNode: Sendable, Hashable {
    /// The node's shape.
    public indirect enum Kind: Sendable, Hashable {
        /// A constant: `'text'`, `42`, `1.5`, `true`, `null`.
        case literal(ExpressionValue)
        /// A field path into the record: `public_metrics.followers_count` is
        /// `["public_metrics", "followers_count"]`.
        case path([String])
        /// A prefix operator and its operand.
        case unary(UnaryOperator, ExpressionNode)
        /// An infix operator and its two operands.
        case binary(BinaryOperator, ExpressionNode, ExpressionNode)
        /// A function call and its arguments, in order.
        case call(BuiltinFunction, [ExpressionNode])
    }

    /// What the node is.
    public var kind: Kind
    /// 0-based offset, in Unicode scalars, of the node's first character in the expression source;
    /// for an infix operation, the operator's offset.
    public var offset: Int

    /// Creates a node.
    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// 0-based offset of the node's first character: `offset`, except for an infix operation,
    /// which starts where its left operand does.
    public var startOffset: Int {
        if case .binary(_, let lhs, _) = kind { return lhs.startOffset }
        return offset
    }

    /// Calls `visit` on this node and every node below it, parents before children, in source
    /// order.
    public func forEachNode(_ visit: (ExpressionNode) -> Void) {
        visit(self)
        switch kind {
        case .literal, .path: break
        case .unary(_, let operand): operand.forEachNode(visit)
        case .binary(_, let lhs, let rhs):
            lhs.forEachNode(visit)
            rhs.forEachNode(visit)
        case .call(_, let arguments):
            for argument in arguments { argument.forEachNode(visit) }
        }
    }
}
