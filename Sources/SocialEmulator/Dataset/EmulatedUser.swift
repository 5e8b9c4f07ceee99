import Foundation

/// A person on X, generated from an index (`EmulatorDataset.user(index:)`): the same index
/// and seed always give the same person.
public struct EmulatedUser: Sendable, Hashable {
    /// The numeric id, as a string.
    public var id: String
    /// The screen name: ASCII letters and digits.
    public var username: String
    /// The display name, often with non-ASCII characters.
    public var name: String
    /// The profile description ("" when the person wrote none).
    public var description: String
    /// The profile location, nil when unset.
    public var location: String?
    /// Whether the account is verified.
    public var verified: Bool
    /// Followers of this person.
    public var followersCount: Int
    /// People this person follows.
    public var followingCount: Int
    /// Posts of this person.
    public var tweetCount: Int
    /// Lists that include this person.
    public var listedCount: Int
    /// When the account was created (whole seconds).
    public var createdAt: Date
    /// Whether only approved followers see its posts (X's `protected`).
    public var protected: Bool

    /// Creates a user.
    public init(
        id: String, username: String, name: String, description: String, location: String?, verified: Bool,
        followersCount: Int, followingCount: Int, tweetCount: Int, listedCount: Int, createdAt: Date,
        protected: Bool = false
    ) {
        self.id = id
        self.username = username
        self.name = name
        self.description = description
        self.location = location
        self.verified = verified
        self.followersCount = followersCount
        self.followingCount = followingCount
        self.tweetCount = tweetCount
        self.listedCount = listedCount
        self.createdAt = createdAt
        self.protected = protected
    }
}

extension EmulatedUser {
    /// Ids are `firstID + index × idStride`: unique, numeric, and mapped back to the index by
    /// `index(ofID:)` (an unfollow or a DM names a person by id).
    static let firstID: UInt64 = 120_000_000
    static let idStride: UInt64 = 7_919

    /// The index of the user with this id, if it is one of the generated ids.
    static func index(ofID id: String) -> Int? {
        guard let value = UInt64(id), value >= firstID, (value - firstID) % idStride == 0 else { return nil }
        let index = (value - firstID) / idStride
        return index <= UInt64(Int.max) ? Int(index) : nil
    }

    /// The user with this index.
    static func generate(index: Int, seed: UInt64) -> EmulatedUser {
        var random = SeededRandom(seed: seed, stream: .user, index: UInt64(index))
        let name: String
        let ascii: String
        if random.chance(0.12) {
            (name, ascii) = PersonNames.whole[random.below(PersonNames.whole.count)]
        } else {
            let given = PersonNames.given[random.below(PersonNames.given.count)]
            name = given.name + " " + PersonNames.family[random.below(PersonNames.family.count)]
            ascii = given.ascii
        }
        // Follower counts spread over six orders of magnitude, most of them small.
        let followers = Int(pow(10, random.unit() * random.unit() * 6.3)) - 1
        let created = 1_170_000_000 + random.below(1_780_000_000 - 1_170_000_000)
        return EmulatedUser(
            id: String(firstID + UInt64(index) * idStride),
            username: String(ascii.prefix(8)) + String(index),
            name: name,
            description: PersonNames.descriptions[random.below(PersonNames.descriptions.count)],
            location: PersonNames.locations[random.below(PersonNames.locations.count)],
            verified: random.chance(0.12),
            followersCount: followers,
            followingCount: random.below(5_000),
            tweetCount: Int(pow(10, random.unit() * 5)),
            listedCount: followers / 50 + random.below(3),
            createdAt: Date(timeIntervalSince1970: TimeInterval(created)))
    }
}
