import SocialAuth

/// Where an X fetch stands after a batch, as a checkpoint's cursor: the service being read and
/// the page to read next in it, or that the service is done. Encoded compactly, e.g.
/// `x1:acme:page:1650000000000000000` or `x1:acme:done`; the token is percent-encoded and the
/// service name (letters, digits, `_`, `-`, `.`) cannot contain the separator.
struct XCursor: Hashable, Sendable {
    /// Where reading of the service stands.
    enum Position: Hashable, Sendable {
        /// The first page is next.
        case start
        /// This page token (a v1.1 cursor, a v2 pagination token, a v1.1 `max_id`) is next.
        case page(String)
        /// Every page of the service was read.
        case done
    }

    /// The service's name.
    var service: String
    /// Where its reading stands.
    var position: Position

    private static let prefix = "x1"

    /// The compact text form.
    var encoded: String {
        switch position {
        case .start: "\(Self.prefix):\(service):start"
        case .page(let token): "\(Self.prefix):\(service):page:\(OAuth1.percentEncode(token))"
        case .done: "\(Self.prefix):\(service):done"
        }
    }

    /// Creates a cursor.
    init(service: String, position: Position) {
        self.service = service
        self.position = position
    }

    /// Reads an encoded cursor; nil when it is not one.
    init?(encoded text: String) {
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == Self.prefix, !parts[1].isEmpty else { return nil }
        service = String(parts[1])
        switch (parts[2], parts.count) {
        case ("start", 3): position = .start
        case ("done", 3): position = .done
        case ("page", 4):
            guard let token = OAuth1.percentDecode(parts[3]), !token.isEmpty else { return nil }
            position = .page(token)
        default: return nil
        }
    }
}
