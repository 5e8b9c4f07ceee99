/// Why a schedule value (a time, a day list, a cron expression, a duration) does not parse: one
/// line that says what to write instead, and the 0-based offset, in Unicode scalars, of the bad
/// part of the attribute's value.
public struct ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to write instead.
    public var message: String
    /// 0-based offset in Unicode scalars into the value.
    public var offset: Int

    /// Creates an error.
    public init(_ message: String, at offset: Int = 0) {
        self.message = message
        self.offset = offset
    }

    /// The message.
    public var description: String { message }
}
