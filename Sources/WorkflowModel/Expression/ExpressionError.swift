/// Why an expression does not parse, and where: one line that says what to do, and the 0-based
/// offset, in Unicode scalars, where the problem starts in the expression's source.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The families of parse errors; each maps to one diagnostic code.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The text is not an expression: a bad character, a missing operand or parenthesis, …
        case syntax
        /// A call to a function that is not in the catalog.
        case unknownFunction
        /// A call with the wrong number of arguments.
        case arity
        /// A call with an argument of the wrong form, e.g. `param(name)` without quotes.
        case invalidArgument
    }

    /// Which family.
    public var kind: Kind
    /// What is wrong and what to write instead.
    public var message: String
    /// 0-based offset in Unicode scalars into the source.
    public var offset: Int

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at offset: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    /// The message.
    public var description: String { message }
}
