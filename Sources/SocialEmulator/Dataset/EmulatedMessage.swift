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

    /// The one-to-one conversation's id as X writes it: the two user ids, smaller first, joined
    /// by `-` (`120000000-1720000000000000001`).
    public var conversationID: String {
        Self.conversationID(senderID, recipientID)
    }

    /// The conversation id of two users.
    static func conversationID(_ first: String, _ second: String) -> String {
        let ids = [first, second].sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
        return ids.joined(separator: "-")
    }
}
