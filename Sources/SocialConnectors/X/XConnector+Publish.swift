import Foundation
import WorkflowEngine

extension XConnector {
    /// Publishes a post on a service's account (v1.1 `statuses/update`, v2 `POST /2/tweets`).
    /// - Returns: the new post's id.
    /// - Throws: `ConnectorFailure`, `ServiceSelectionError`, `RunPause`.
    public func post(text: String, service name: String, clock: any EngineClock = SystemClock()) async throws -> String {
        let reader = try reader(for: try service(named: name), clock: clock)
        let request = reader.requests.post(text: text)
        switch reader.requests.version {
        case .v1_1:
            return try await reader.client.decode(XResponses.V1Tweet.self, from: request).identifier
        case .v2:
            return try await reader.client.decode(XResponses.V2Data<XResponses.V2Created>.self, from: request).data.id
        }
    }

    /// Sends a direct message from a service's account to one person (v1.1
    /// `direct_messages/events/new`, v2 `dm_conversations/with/:id/messages`).
    /// - Returns: the message event's id.
    /// - Throws: `ConnectorFailure`, `ServiceSelectionError`, `RunPause`.
    public func sendDirectMessage(text: String, recipientID: String, service name: String, clock: any EngineClock = SystemClock()) async throws -> String {
        let reader = try reader(for: try service(named: name), clock: clock)
        let request = reader.requests.directMessage(text: text, recipientID: recipientID)
        switch reader.requests.version {
        case .v1_1:
            return try await reader.client.decode(XResponses.V1DirectMessage.self, from: request).eventID
        case .v2:
            return try await reader.client.decode(XResponses.V2Data<XResponses.V2DirectMessage>.self, from: request).data.dmEventId
        }
    }
}
