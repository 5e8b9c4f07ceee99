import Foundation
import WorkflowEngine
import WorkflowModel

/// Turns X's error responses (v1.1 `{"errors":[{"code","message"}]}`, v2 problem objects) into
/// failures whose message says what to do. X's own message text is kept, scrubbed of secrets.
enum XErrorMapping {
    /// What X's error bodies may hold, both versions.
    struct Body {
        var code: Int?
        var message: String?
        var type: String?
        var reason: String?

        /// The fields of a body read by wfrun's JSON reader; nil when it is not a JSON object.
        init?(_ body: Data) {
            guard case .object(let fields)? = try? JSONReader.value(from: Array(body)[...]) else { return nil }
            var first: [String: ExpressionValue] = [:]
            if case .array(let errors)? = fields["errors"], case .object(let item)? = errors.first { first = item }
            if case .int(let number)? = first["code"] { code = Int(exactly: number) }
            message = Self.text(first["message"]) ?? Self.text(fields["detail"]) ?? Self.text(fields["title"])
            type = Self.text(fields["type"])
            reason = Self.text(fields["reason"])
        }

        private static func text(_ value: ExpressionValue?) -> String? {
            if case .string(let text)? = value { return text }
            return nil
        }
    }

    /// The failure for a 4xx response (429 aside, which the dialect waits out).
    static func failure(
        status: Int, body: Data, service: String, endpoint: String, apiVersion: XAPIVersion, secrets: [String]
    ) -> ConnectorFailure {
        let parsed = Body(body)
        let code = parsed?.code
        let xMessage = parsed?.message.map { Redaction.text(String($0.prefix(300)), hiding: secrets) }
        let who = "X service '\(service)'"
        let otherVersion = apiVersion == .v2 ? "1.1" : "2"
        let message: String
        switch (status, code) {
        case (401, 32?):
            message = "X rejected the credentials of service '\(service)' (code 32: could not authenticate): check its consumer key/secret and access token/secret"
        case (401, 89?):
            message = "X rejected the access token of service '\(service)' (code 89: invalid or expired token): the token is invalid or was revoked; regenerate the access token and secret in the X developer portal and update the service's secrets"
        case (401, _):
            message = "X rejected the credentials of service '\(service)' (HTTP 401\(code.map { ", code \($0)" } ?? "")\(xMessage.map { ": \($0)" } ?? "")): check its consumer key/secret and access token/secret; if the access token was revoked, regenerate it"
        case (_, 226?):
            message = "\(who): X flagged this request to \(endpoint) as automated (code 226): wait, then publish less often, and review the app's behaviour in the X developer portal"
        case (403, 453?):
            message = "\(who): the account's X API access tier does not include \(endpoint) (code 453); use apiVersion=\"\(otherVersion)\" or upgrade the access tier"
        case (403, _) where parsed?.reason == "client-not-enrolled" || parsed?.type?.hasSuffix("client-forbidden") == true:
            message = "\(who): the account's X API access tier does not include \(endpoint) (client-not-enrolled); use apiVersion=\"\(otherVersion)\" or upgrade the access tier"
        case (403, _):
            message = "\(who): X refused \(endpoint) (HTTP 403\(code.map { ", code \($0)" } ?? "")\(xMessage.map { ": \($0)" } ?? "")): check the app's permissions (read, write, direct messages) and the account's state in the X developer portal"
        case (404, _):
            message = "\(who): X found nothing for \(endpoint) (HTTP 404\(code.map { ", code \($0)" } ?? "")\(xMessage.map { ": \($0)" } ?? "")): check the service's baseURL and that the account still exists"
        default:
            message = "\(who): X refused \(endpoint) (HTTP \(status)\(code.map { ", code \($0)" } ?? "")\(xMessage.map { ": \($0)" } ?? "")); check the workflow's parameters"
        }
        return ConnectorFailure(service: service, status: status, code: code, message: message)
    }

    /// What an error answer to a send says became of that one post or message, or nil when the
    /// error concerns the whole delivery (credentials, access, automation): `.refused` when this
    /// person cannot receive the account's messages (150, 349, v2's "not permitted to send
    /// messages") or the text itself is refused (186, v2's "too long"); `.duplicate` for the
    /// same post already published (187, v2's "duplicate content").
    static func sendOutcome(status: Int, body: Data, secrets: [String]) -> SendOutcome? {
        guard (400..<500).contains(status), status != 429, let parsed = Body(body) else { return nil }
        let xMessage = parsed.message.map { Redaction.text(String($0.prefix(300)), hiding: secrets) }
        let said = xMessage.map { ": \($0)" } ?? ""
        switch parsed.code {
        case let code? where code == 150 || code == 349 || code == 186:
            return .refused(reason: "X code \(code)\(said) (HTTP \(status))")
        case 187?:
            return .duplicate
        case .some:
            return nil
        case nil:
            break
        }
        guard status == 403, let detail = parsed.message?.lowercased() else { return nil }
        if detail.contains("duplicate content") { return .duplicate }
        if detail.contains("not permitted to send messages") || detail.contains("cannot send messages") || detail.contains("too long") {
            return .refused(reason: "X\(said) (HTTP 403)")
        }
        return nil
    }
}
