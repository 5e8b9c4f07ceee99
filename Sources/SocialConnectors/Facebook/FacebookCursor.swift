import SocialAuth

/// Where a Facebook fetch stands after a batch: the service and the position in it. Services are
/// read one after the other in the selection's order, so a resumed run skips every service
/// before the checkpoint's, and skips that one too when it is `done`.
///
/// The text form is compact and never holds a secret: `fb1` then comma-separated parts, each
/// percent-encoded (so a Graph cursor or a service name with a comma cannot break it):
///
///     fb1,acmepage,done                              the service is finished
///     fb1,acmepage,after,QVFIUk…                     posts: continue with the page after this cursor
///     fb1,acmepage,fans,3,123_456,reactions,QVFIUk…  fans: the 4th recent post (id 123_456), its reactions, after the cursor
///     fb1,acmepage,fans,3,123_456,comments,          fans: that post's comments, from the first page
///
/// A `fans` position names the post both by its index among the recent posts and by its id: on
/// resume the recent posts are read again, and the id finds the post even if newer posts have
/// pushed it down. The set of people already seen is not in the cursor, so a resumed run may
/// emit a person again; that is harmless because sinks upsert by key.
struct FacebookCursor: Hashable, Sendable {
    /// Which list of a post `fans` is reading.
    enum Phase: String, Sendable {
        case comments, reactions
    }

    /// The position inside a service.
    enum Position: Hashable, Sendable {
        /// The service is finished.
        case done
        /// A paged list (posts): the next page is the one after this cursor.
        case after(String)
        /// `fans`: the post at `index` among the recent posts (`postID`), this phase, and the
        /// cursor of the next page of it (nil: its first page).
        case fans(index: Int, postID: String, phase: Phase, after: String?)
    }

    /// The service's name.
    var service: String
    /// Where in it.
    var position: Position

    private static let prefix = "fb1"

    /// The checkpoint cursor text.
    var encoded: String {
        var parts = [Self.prefix, service]
        switch position {
        case .done:
            parts.append("done")
        case .after(let after):
            parts += ["after", after]
        case .fans(let index, let postID, let phase, let after):
            parts += ["fans", String(index), postID, phase.rawValue, after ?? ""]
        }
        return parts.map(OAuth1.percentEncode).joined(separator: ",")
    }

    /// Reads a checkpoint cursor; nil when it is not one this connector wrote.
    init?(encoded: String) {
        let raw = encoded.split(separator: ",", omittingEmptySubsequences: false)
        guard raw.first == Self.prefix[...] else { return nil }
        let parts = raw.dropFirst().compactMap { OAuth1.percentDecode($0) }
        guard parts.count == raw.count - 1, parts.count >= 2, !parts[0].isEmpty else { return nil }
        service = parts[0]
        switch (parts[1], parts.count) {
        case ("done", 2):
            position = .done
        case ("after", 3) where !parts[2].isEmpty:
            position = .after(parts[2])
        case ("fans", 6):
            guard let index = Int(parts[2]), index >= 0, !parts[3].isEmpty, let phase = Phase(rawValue: parts[4]) else { return nil }
            position = .fans(index: index, postID: parts[3], phase: phase, after: parts[5].isEmpty ? nil : parts[5])
        default:
            return nil
        }
    }

    /// A cursor.
    init(service: String, position: Position) {
        self.service = service
        self.position = position
    }
}
