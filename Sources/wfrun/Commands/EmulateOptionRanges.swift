/// `emulate --closed-dms-every`: every Nth generated person refuses direct messages (0: none).
enum ClosedDirectMessagesRange: CountRange {
    static let range = 0...100_000_000
}

/// `emulate --slow-send-delay`: how long a slowsend fault holds the answer to a recorded send.
enum SlowSendDelayRange: DurationRange {
    static let range: ClosedRange<Int64> = 0...3_600_000
}
