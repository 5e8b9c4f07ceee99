/// Why some bytes are not JSON: what is wrong, and the byte offset where.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, as a person reads it.
    public var message: String
    /// The byte offset, from the start of the text, where it was found.
    public var offset: Int

    /// Creates an error.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at byte \(offset))" }
}
