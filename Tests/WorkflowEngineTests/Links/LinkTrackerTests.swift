import Foundation
import Synchronization
import Testing
import WorkflowEngine

/// A link store in memory: one code per delivery and URL, numbered in order of creation.
final class MemoryLinkStore: LinkStore {
    private let links = Mutex<[String: TrackedLink]>([:])

    func trackedLink(delivery: Int64, url: String) async throws -> String {
        links.withLock { links in
            if let found = links.values.first(where: { $0.delivery == delivery && $0.url == url }) { return found.code }
            let code = "Code\(String(links.count + 1).leftPadded(to: 8))"
            links[code] = TrackedLink(code: code, url: url, delivery: delivery)
            return code
        }
    }

    func link(code: String) async throws -> TrackedLink? { links.withLock { $0[code] } }
    func recordVisit(code: String, at instant: Date, agent: LinkAgent) async throws -> Bool { links.withLock { $0[code] != nil } }
    func postVisits(from: String, through: String) async throws -> [PostVisits] { [] }
    var count: Int { links.withLock { $0.count } }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}

/// `LinkTracker`: which parts of a text are URLs, and the text once they point at `/r/CODE`.
@Suite struct LinkTrackerTests {
    static let base = URL(string: "https://go.example.org/")!

    func found(_ text: String) -> [String] { LinkTracker.urls(in: text).map { String(text[$0]) } }

    @Test func urlsAreFoundWithoutTheirSurroundingPunctuation() {
        #expect(found("Read https://example.com/a.") == ["https://example.com/a"])
        #expect(found("(see https://example.com/a_(b)), then http://x.example/?q=1&r=2!") == [
            "https://example.com/a_(b)", "http://x.example/?q=1&r=2",
        ])
        #expect(found("\"https://example.com/q\" and <https://example.com/r>") == ["https://example.com/q", "https://example.com/r"])
        #expect(found("HTTPS://Example.com/Path, 'https://example.com/s';") == ["HTTPS://Example.com/Path", "https://example.com/s"])
        #expect(found("[https://example.com/t] {https://example.com/u}") == ["https://example.com/t", "https://example.com/u"])
        #expect(found("café « https://exemple.fr/été… »") == ["https://exemple.fr/été"])
        #expect(found("https://a.example/x\nhttps://b.example/y") == ["https://a.example/x", "https://b.example/y"])
    }

    @Test func whatIsNotAnHTTPURLIsLeftAlone() {
        #expect(found("no link here, just http and https") == [])
        #expect(found("ftp://example.com mailto:a@example.com www.example.com") == [])
        #expect(found("xhttps://example.com and https:// alone and https://.") == [])
        #expect(found("") == [])
    }

    @Test func eachURLBecomesATrackedLinkAndASecondCallGivesTheSameText() async throws {
        let store = MemoryLinkStore()
        let text = "New: https://example.com/launch. Docs (https://example.com/docs), again https://example.com/launch!"
        let tracked = try await LinkTracker.track(text, delivery: 7, base: Self.base, store: store)
        #expect(tracked == "New: https://go.example.org/r/Code00000001. Docs (https://go.example.org/r/Code00000002), again https://go.example.org/r/Code00000001!")
        #expect(try await LinkTracker.track(text, delivery: 7, base: Self.base, store: store) == tracked)
        #expect(store.count == 2)
        #expect(try await store.link(code: "Code00000002") == TrackedLink(code: "Code00000002", url: "https://example.com/docs", delivery: 7))
        // A base with a path keeps it; no link, no change.
        let withPath = try #require(URL(string: "https://example.org/wfrun"))
        #expect(try await LinkTracker.track("https://example.com/docs", delivery: 7, base: withPath, store: store)
            == "https://example.org/wfrun/r/Code00000002")
        #expect(try await LinkTracker.track("Nothing to track.", delivery: 7, base: Self.base, store: store) == "Nothing to track.")
    }

    @Test func codesAreTwelveBase62CharactersAndWellFormedOnesAreBounded() {
        let codes = (0..<1000).map { _ in LinkCode.random() }
        #expect(Set(codes).count == 1000)
        #expect(codes.allSatisfy { $0.count == 12 && LinkCode.isWellFormed($0) })
        #expect(!LinkCode.isWellFormed(""))
        #expect(!LinkCode.isWellFormed("abc-def"))
        #expect(!LinkCode.isWellFormed("abc%2Fdef"))
        #expect(!LinkCode.isWellFormed("é"))
        #expect(LinkCode.isWellFormed(String(repeating: "a", count: 64)))
        #expect(!LinkCode.isWellFormed(String(repeating: "a", count: 65)))
    }

    @Test(arguments: [
        ("Twitterbot/1.0", LinkAgent.crawler),
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", .crawler),
        ("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", .crawler),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", .crawler),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", .crawler),
        ("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", .crawler),
        ("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", .crawler),
        ("WhatsApp/2.23.20.0 A", .crawler),
        ("TelegramBot (like TwitterBot)", .crawler),
        ("curl/8.5.0", .tool),
        ("Wget/1.21.4", .tool),
        ("python-requests/2.31.0", .tool),
        ("", .tool),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", .browser),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", .browser),
        ("SomeReader/3.2", .other),
    ])
    func userAgentsAreClassified(userAgent: String, expected: LinkAgent) {
        #expect(LinkAgent(userAgent: userAgent) == expected)
        #expect(LinkAgent(userAgent: userAgent).isCrawler == (expected == .crawler || expected == .tool))
    }

    @Test func noUserAgentIsATool() {
        #expect(LinkAgent(userAgent: nil) == .tool)
    }
}
