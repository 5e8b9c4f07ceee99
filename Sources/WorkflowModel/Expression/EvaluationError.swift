/// Why evaluating an expression failed on a record. The message names the operator or function
/// and the values' types (`cannot apply '<' to string 'abc' and int 3`); the engine adds the
/// activity, the field and the record.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The families of evaluation errors.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An operator or function got a value of a type it does not take.
        case type
        /// An int result out of the 64-bit range, or a number out of the double range.
        case overflow
        /// `/` or `%` by zero.
        case divisionByZero
        /// A string that `toInt`, `toNumber` or `date` cannot read.
        case conversion
        /// `param('x')` with no value for `x`.
        case missingParameter
    }

    /// Which family.
    public var kind: Kind
    /// What went wrong, with the operator or function and the values involved.
    public var message: String
    /// 0-based offset, in Unicode scalars, of the operator or call in the expression's source.
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
