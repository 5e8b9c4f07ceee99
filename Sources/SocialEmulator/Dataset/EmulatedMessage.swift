import Foundation

/// A direct message an X account sent through the emulator.
public struct EmulatedMessage: Sendable, Hashable {
    /// The event id.
    public var id: String
    /// The sending account's id.
    public var senderID: String
    /// The recipient's id.
    public var recipientID: String
    /// The text.
    public var text: String
    /// When it was sent.
    public var createdAt: Date

    /// Creates a message.
    public init(id: String, senderID: String, recipientID: String, text: String, createdAt: Date) {
        self.id = id
        self.senderID = senderID
        self.recipientID = recipientID
        self.text = text
        self.createdAt = createdAt
    }
}
