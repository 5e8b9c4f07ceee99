import Testing

@testable import SocialConnectors

/// Texts read back from a network compared with the texts sent.
@Suite struct SentTextTests {
    @Test func entitiesAreUnescapedAndLinksRestored() {
        #expect(SentText.normalized("Fish &amp; chips &lt;3 &gt; https://t.co/a1 ", expansions: [("https://t.co/a1", "https://example.com/x?a=1&b=2")])
            == "Fish & chips <3 > https://example.com/x?a=1&b=2")
        #expect(SentText.normalized("AT&amp;T &amp;amp;") == "AT&T &amp;")
    }

    @Test func aPostMatchesItsTextOrItsTextFollowedByItsLink() {
        let index = SentText.index(["Spring sale ", "Hello"])
        #expect(SentText.match("Spring sale", in: index) == "Spring sale ")
        #expect(SentText.match("Hello https://example.com/", in: index) == "Hello")
        #expect(SentText.match("Hello world", in: index) == nil)
        #expect(SentText.match("Hello https://a.example https://b.example", in: index) == nil)
    }
}
