import Foundation

extension EmulatorDataset {
    /// People who comment and react on a page: a pool of `fanPoolSize` consecutive people,
    /// starting at `page.index × fanPoolStride`, so pages share some fans and each person
    /// appears on several posts.
    static let fanPoolSize = 600
    static let fanPoolStride = 250

    /// The person with this global index.
    public func person(index: Int) -> EmulatedPerson {
        var random = SeededRandom(seed: seed, stream: .person, index: UInt64(index))
        let name: String
        if random.chance(0.12) {
            name = PersonNames.whole[random.below(PersonNames.whole.count)].name
        } else {
            name = PersonNames.given[random.below(PersonNames.given.count)].name + " " + PersonNames.family[random.below(PersonNames.family.count)]
        }
        let id = String(100_010_000_000_000 + UInt64(index) * 17)
        return EmulatedPerson(id: id, name: name, email: Self.email(name: name, index: index))
    }

    /// `ines.garcia.42@example.com`: the name's letters without accents, lower-case, dots between
    /// words, then the index (`person.42@…` for a name without Latin letters).
    static func email(name: String, index: Int) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        let words = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        let local = words.isEmpty ? "person" : words.joined(separator: ".")
        return "\(local).\(index)@example.com"
    }

    /// The people a page's login dialog offers: the first `count` of its fan pool.
    public func loginPeople(of page: EmulatedPage, count: Int = 20) -> [(index: Int, person: EmulatedPerson)] {
        (0..<min(count, Self.fanPoolSize)).map { offset in
            let index = page.index * Self.fanPoolStride + offset
            return (index, person(index: index))
        }
    }

    /// A page's 30 generated posts, newest first.
    public func posts(of page: EmulatedPage) -> [EmulatedPagePost] {
        (0..<Self.postsPerAccount).map { pagePost(page: page, index: $0) }
    }

    func pagePost(page: EmulatedPage, index: Int) -> EmulatedPagePost {
        var random = SeededRandom(seed: seed, stream: .pagePost, index: UInt64(page.index * 1_000 + index))
        let number = 122_100_000_000_000_000 + UInt64(page.index) * 1_000_000 + UInt64(1_000 - index)
        let created = Self.epoch.addingTimeInterval(-Double(index * 2 * 86_400 + random.below(20 * 3_600)))
        let message: String? = random.chance(0.1) ? nil : Self.pagePostTexts[random.below(Self.pagePostTexts.count)]
        // Every fifth post draws a crowd, so that comments and reactions need several pages.
        let busy = index % 5 == 1
        return EmulatedPagePost(
            id: "\(page.id)_\(number)", pageIndex: page.index, index: index, message: message, createdTime: created,
            permalinkURL: "https://www.facebook.com/\(page.id)/posts/\(number)",
            shares: random.chance(0.35) ? nil : 1 + random.below(120),
            reactionCount: busy ? 250 + random.below(300) : random.below(120),
            commentCount: busy ? 150 + random.below(150) : random.below(60))
    }

    private static let pagePostTexts = [
        "Nouveau menu d'automne 🍂 — venez goûter !", "Open till late this Friday. Live music 🎷",
        "¡Gracias a todos por venir ayer!", "Wir suchen Verstärkung im Service. Bewerbt euch! 💼",
        "New \"flat white\" recipe: tell us what you think.", "今日のおすすめ: 抹茶ラテ 🍵",
    ]

    /// The comments on a post, oldest first (the Graph API's chronological order).
    public func comments(on post: EmulatedPagePost) -> [EmulatedComment] {
        (0..<post.commentCount).map { comment(on: post, index: $0) }
    }

    func comment(on post: EmulatedPagePost, index: Int) -> EmulatedComment {
        let key = UInt64(post.pageIndex) << 40 | UInt64(post.index ?? 999) << 20 | UInt64(index)
        var random = SeededRandom(seed: seed, stream: .comment, index: key)
        let fan = person(index: post.pageIndex * Self.fanPoolStride + random.below(Self.fanPoolSize))
        let postNumber = post.id.split(separator: "_").last.map(String.init) ?? post.id
        return EmulatedComment(
            id: "\(postNumber)_\(10_000_000_000 + UInt64(index) * 13)",
            from: random.chance(0.08) ? nil : fan,
            message: Self.commentTexts[random.below(Self.commentTexts.count)],
            createdTime: post.createdTime.addingTimeInterval(Double(60 + index * 97)))
    }

    private static let commentTexts = ["😍", "Trop bien !", "See you there!", "Wunderbar 👍", "¿A qué hora abren?", "最高！", "👏👏"]

    /// The reactions to a post: one per person, each person of the page's fan pool at most once.
    public func reactions(on post: EmulatedPagePost) -> [EmulatedReaction] {
        (0..<post.reactionCount).map { reaction(on: post, index: $0) }
    }

    func reaction(on post: EmulatedPagePost, index: Int) -> EmulatedReaction {
        // A stride coprime to the pool size walks the pool without repeating anyone.
        var postRandom = SeededRandom(seed: seed, stream: .reaction, index: UInt64(post.pageIndex * 1_000 + (post.index ?? 999)))
        let start = postRandom.below(Self.fanPoolSize)
        let stride = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47][postRandom.below(12)]
        let fan = person(index: post.pageIndex * Self.fanPoolStride + (start + index * stride) % Self.fanPoolSize)
        var random = SeededRandom(
            seed: seed, stream: .reaction, index: (UInt64(fan.id) ?? 0) &* 31 &+ UInt64(post.pageIndex * 1_000 + (post.index ?? 999)))
        let draw = random.below(100)
        let type = switch draw {
        case 0..<60: "LIKE"
        case 60..<75: "LOVE"
        case 75..<80: "CARE"
        case 80..<88: "HAHA"
        case 88..<93: "WOW"
        case 93..<97: "SAD"
        default: "ANGRY"
        }
        return EmulatedReaction(person: fan, type: type)
    }

    /// The insights metrics the Graph API serves.
    public static let insightsMetrics = ["page_follows", "page_post_engagements", "page_total_actions", "page_media_view"]
    /// Metrics the Graph API has removed: asking for them is an error.
    public static let removedInsightsMetrics = ["page_fans", "page_engaged_users", "page_impressions"]

    /// A metric's daily values for the two full days before `now` (days end at midnight
    /// Pacific time, as the Graph API counts them), oldest first.
    public func insights(of page: EmulatedPage, metric: String, now: Date) -> [(endTime: Date, value: Int)] {
        let lastEnd = Self.pacificMidnight(atOrBefore: now)
        return insights(of: page, metric: metric, dayEnds: [lastEnd.addingTimeInterval(-86_400), lastEnd])
    }

    /// A metric's values for the days ending at these instants.
    func insights(of page: EmulatedPage, metric: String, dayEnds: [Date]) -> [(endTime: Date, value: Int)] {
        let metricNumber = UInt64(Self.insightsMetrics.firstIndex(of: metric) ?? 9)
        let scale = [40, 900, 120, 25_000][Int(min(metricNumber, 3))]
        return dayEnds.map { end in
            let day = UInt64(max(0, end.timeIntervalSince1970 / 86_400))
            var random = SeededRandom(seed: seed, stream: .insight, index: UInt64(page.index) << 48 | metricNumber << 40 | day)
            return (end, scale / 2 + random.below(scale))
        }
    }

    private static let pacific = TimeZone(identifier: "America/Los_Angeles") ?? TimeZone(secondsFromGMT: -8 * 3_600)!

    /// The latest midnight in Pacific time at or before `date`.
    static func pacificMidnight(atOrBefore date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = pacific
        return calendar.startOfDay(for: date)
    }
}
