import Testing
import WorkflowModel

private let poem = """
        故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。\
        旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。\
        泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。\
        遥知兄弟登高处，遍插茱萸少一人。
        """
private let x10 = "xxxxxxxxxx-"
private let kana = "あいうえおかきくけこ"
private let longInvalidURL = "https://" + String(repeating: "somesuperlongurl", count: 249) + ".com/foo"

/// twitter-text conformance, validate.yml: WeightedTweetsWithDiscountedEmojiCounterTest (the v3
/// configuration, emoji parsing on) and UnicodeDirectionalMarkerCounterTest, every case; the two
/// "normalized into" cases of WeightedTweetsCounterTest (NFC, same under v3). Texts that repeat
/// are built by repetition (checked equal to the published text when written).
private let conformanceCases: [(description: String, text: String, length: Int)] = [
    ("Regular Tweet with url", "Hi http://test.co", 26),
    ("Just url", "http://test.co", 23),
    ("Long tweet, overflow at char index 280", "285 chars-" + String(repeating: x10, count: 25), 285),
    (
        "Long tweet with url in the middle",
        "285 chars- http://www.twitter.com/jack " + String(repeating: x10, count: 24), 299
    ),
    ("Long tweet with url at the end", String(repeating: x10, count: 24) + " http://www.twitter.com/jack ", 289),
    ("10 url string, no overflow", String(repeating: "https://www.twitter.com/aloha ", count: 10), 240),
    ("160 CJK char", poem, 320),
    ("160 emoji char", String(repeating: "😷", count: 160), 320),
    ("3 latin char + 160 CJK char", "the" + poem, 323),
    (
        "282 chars with a normalized character within valid range but outside 280",
        "282 chars-" + String(repeating: x10, count: 24) + "xxxxxA\u{301}x", 281
    ),
    ("Count a mix of single byte single word, and double word unicode characters", "H🐱☺👨‍👩‍👧‍👦", 7),
    ("Count unicode emoji chars inside the basic multilingual plane", "😷👾😡🔥💩", 10),
    ("Count unicode emoji chars outside the basic multilingual plane with skin tone modifiers", "🙋🏽👨‍🎤", 4),
    (
        "Handle General Punctuation Characters with visible spaces(u2000-200A), no ZWJ/ZWNJ",
        "This is a tweet with general punctuation characters: "
            + "\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A}\u{200B}"
            + " ‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷", 110
    ),
    (
        "Handle long url with invalid domain labels and short url",
        "Long url with invalid domain labels and a short url: "
            + [longInvalidURL, longInvalidURL, longInvalidURL].joined(separator: " ") + " https://validurl.com",
        12079
    ),
    ("Handle a 64 character domain without protocol", String(repeating: "randomurl", count: 7) + "s.com", 68),
    (
        "Do not allow > 140 CJK characters by virtue of CJK chars greater than 63 punycode encoded chars in the host",
        String(repeating: kana, count: 12) + " http://" + String(repeating: kana, count: 5) + "あいう.com", 358
    ),
    (
        "Allow > 140 CJK characters by virtue of CJK chars less than 63 punycode encoded chars in the host",
        String(repeating: kana, count: 12) + " http://" + String(repeating: kana, count: 5) + "あい.com", 264
    ),
    ("140 family emoji", String(repeating: "👨‍👩‍👧‍👦", count: 140), 280),
    ("Emoji with a leading character in the latin range is counted as 2", "1\u{20E3}", 2),
    (
        "Unicode 10.0 emoji",
        "Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}", 34
    ),
    ("Unicode 9.0 emoji", "Unicode 9.0 emoji: 🤠; 💃; 💃🏾", 29),
    ("Handle invalid characters", "ABC\u{202A}\u{FFFF}ABC\u{FFFE}", 12),
    (
        "Tweet text containing directional characters should be considered valid",
        "\u{2066}\u{202A}http://foobar.پاکستان/\u{202C}\u{2069}", 31
    ),
    ("'Á' is normalized into 1 char", "A\u{301}B", 2),
    ("שּׁ is normalized into 3 chars", "A\u{FB2C}", 4),
]

@Suite struct TwitterTextTests {
    @Test(arguments: conformanceCases)
    func weighsConformanceCases(description: String, text: String, length: Int) {
        #expect(TwitterText.weightedLength(text) == length, "\(description)")
    }

    @Test(arguments: [
        ("", 0),
        ("This is a test.", 15),
        ("Test https://test.com test https://test.com test.com test", 86),  // validate.yml, lengths
        ("© ©\u{FE0F} # #\u{FE0F}\u{20E3} ☝ ☝🏽 🇫🇷 🇫", 21),  // 1 1 2 1 1 1 2 1 2 1 2 1 2 1 2
        ("a\r\nb", 4),
        ("Ünïcödé Ελληνικά Кириллица", 26),
        ("한국어", 6),
        ("is it example.com? yes", 6 + 23 + 5),
    ])
    func weighsOtherTexts(text: String, length: Int) {
        #expect(TwitterText.weightedLength(text) == length)
    }

    @Test func theLimitIs280() {
        #expect(TwitterText.maxWeightedLength == 280)
        #expect(TwitterText.weightedLength(String(repeating: "a", count: 280)) == 280)
        #expect(TwitterText.weightedLength(String(repeating: "a", count: 279) + "故") == 281)
        let longLink = "https://example.com/" + String(repeating: "p", count: 500)
        #expect(TwitterText.weightedLength(String(repeating: "a", count: 256) + " " + longLink) == 280)
        #expect(TwitterText.weightedLength(String(repeating: "a", count: 257) + " " + longLink) == 281)
    }

    /// twitter-text conformance, extract.yml ("urls"): the URLs found in each text.
    @Test(arguments: [
        ("text http://example.com/path and more", ["http://example.com/path"]),
        ("HTTPS://www.ExaMPLE.COM/index.html", ["HTTPS://www.ExaMPLE.COM/index.html"]),
        ("(http://twitter.com", ["http://twitter.com"]),
        ("text http://en.wikipedia.org/wiki/Primer_(film)", ["http://en.wikipedia.org/wiki/Primer_(film)"]),
        ("(see http://example.com/a_(b)) and", ["http://example.com/a_(b)"]),
        ("test http://example.comだよね.comtest/hogehoge", ["http://example.com"]),
        ("text http://somehost.com:3000", ["http://somehost.com:3000"]),
        ("text http://foo.com?#foo text", ["http://foo.com?#foo"]),
        ("test http://twitter.com/.", ["http://twitter.com/"]),
        ("Test a ton of periods http://example.com/path.........", ["http://example.com/path"]),
        ("Test http://example.com/path/!!!!!!", ["http://example.com/path/"]),
        ("Go to http://example.com/a+ or http://example.com/a-", ["http://example.com/a+", "http://example.com/a-"]),
        ("Go to https://en.m.wikipedia.org/wiki/Hatfield–McCoy_feud please", ["https://en.m.wikipedia.org/wiki/Hatfield–McCoy_feud"]),
        ("Go to http://twitter.com/Русские_слова", ["http://twitter.com/Русские_слова"]),
        ("http://ああ.com http://✪df.ws/ejp", ["http://ああ.com", "http://✪df.ws/ejp"]),
        ("foo.com foo.net foo.org foo.edu foo.gov", ["foo.com", "foo.net", "foo.org", "foo.edu", "foo.gov"]),
        (
            "foo.baz foo.co.jp www.xxxxxxx.baz www.foo.co.uk wwwww.xxxxxxx foo.comm foo.somecom foo.govedu foo.jp",
            ["foo.co.jp", "www.foo.co.uk", "foo.jp"]
        ),
        ("t.co/abcde bit.ly/abcde MLB.tv", ["t.co/abcde", "bit.ly/abcde", "MLB.tv"]),
        ("@user Try http:// example.com/path", ["example.com/path"]),
        (
            "http://twitter.com\nhttp://example.com\nhttp://example.com/path\nexample.com/path\nit.so\nit.so/abcde",
            ["http://twitter.com", "http://example.com", "http://example.com/path", "example.com/path", "it.so", "it.so/abcde"]
        ),
        ("@user Try http://\u{A0}example.com/path", ["example.com/path"]),
        (
            "これは日本語です。example.com/path/index.html中国語example.com/path한국",
            ["example.com/path/index.html", "example.com/path"]
        ),
        ("test ELPAÍS.com", ["ELPAÍS.com"]),
        ("test http://a.b.cd http://a_b.c-d.com", ["http://a.b.cd", "http://a_b.c-d.com"]),
        ("Find my page at name.al-lastname.com", ["name.al-lastname.com"]),
        ("text http://no-tld http://tld-too-short.x", []),
        ("text http://domain.com-that-you-should-have-put-a-space-after", []),
        ("test http://-leadingdash.twitter.com http://trailingdash.twitter-.com", []),
        ("test http://_leadingunderscore.twitter.com http://twitter_underscore.com", []),
        ("text http://domain-dash_2314352345_dfasd.foo-cow_4352.com", []),
        ("Hello http://xn--はじめよう.com/index.html", []),
        ("#test.com @test.com #http://test.com @http://test.com #t.co/abcde @t.co/abcde", []),
        ("$http://twitter.com $twitter.com $t.co/abcde $TVI.CA", []),
        ("long.test.tar.bz2 test.tar.bz2 tar.bz2", []),
        ("john.doe.gov@mail.com john.doe.jp@mail.com", []),
        ("Email me at name.al-lastname@foo.com or name.al+lastname@foo.com", []),
        (
            "http://t.co/pbY2NfTZ's http://t.co/2vYHpAc5; http://t.co/ulYGBYSo: http://t.co/8MkmHU0k+c "
                + "http://t.co/TKLp64dY.x http://t.co/8t7G3ddS#a http://t.co/FNkPfmii-",
            [
                "http://t.co/pbY2NfTZ", "http://t.co/2vYHpAc5", "http://t.co/ulYGBYSo", "http://t.co/8MkmHU0k",
                "http://t.co/TKLp64dY", "http://t.co/8t7G3ddS", "http://t.co/FNkPfmii",
            ]
        ),
        ("text https://t.co/asdfdf?a=b#123 t.co/abc's", ["https://t.co/asdfdf?a=b#123", "t.co/abc's"]),
        ("I really like http://t.co/abcdefghijklmnopqrstuvwxyz012345678901234", []),
        (
            "http://www.foo.com?referer=https://t.co/abcde http://t.co/xyzzy",
            ["http://www.foo.com?referer=https://t.co/abcde", "http://t.co/xyzzy"]
        ),
        (
            "\u{2066}\u{202A}test abcdef.com پاکستان http://twitter.com/\u{202C}\u{2069}",
            ["abcdef.com", "http://twitter.com/"]
        ),
        (
            "This is a test \u{2066}\u{202A}twitter.com\u{202C}\u{2069} \u{2066}\u{202A}http://foobar.پاکستان/\u{202C}\u{2069}",
            ["twitter.com", "http://foobar.پاکستان/"]
        ),
    ])
    func findsURLs(text: String, expected: [String]) {
        #expect(TwitterText.urls(in: text).map { String(text[$0]) } == expected)
    }

    /// Every two-letter country code ends a URL, whatever its place in the built-in list.
    @Test func knowsEveryCountryCode() {
        let codes = """
            ac ad ae af ag ai al am an ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br
            bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee
            eg eh er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm
            hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li
            lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne
            nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc
            sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tp tr tt
            tv tw tz ua ug uk um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw
            """.split(whereSeparator: \.isWhitespace)
        #expect(codes.count == 255)
        for code in codes {
            let text = "see example.\(code)/path and example.\(code.uppercased())"
            let found = TwitterText.urls(in: text).map { String(text[$0]) }
            #expect(found == ["example.\(code)/path", "example.\(code.uppercased())"])
        }
    }

    @Test func givesRangesInTheTextAsWritten() throws {
        let text = "Cafe\u{301} → example.com, then https://x.co/a."
        let ranges = TwitterText.urls(in: text)
        try #require(ranges.count == 2)
        #expect(text.unicodeScalars.distance(from: text.startIndex, to: ranges[0].lowerBound) == 8)
        #expect(text[ranges[0]] == "example.com")
        #expect(text[ranges[1].upperBound...] == ".")
    }

    /// Long inputs made to trip a backtracking matcher finish (linear scan), with exact results.
    @Test func weighsLongTextsInOnePass() {
        let unit = "see example.com/a, 故😷 "  // 4 + 23 + 2 + 2 + 2 + 1
        let mixed = String(repeating: unit, count: 100_000 / unit.count)
        #expect(TwitterText.weightedLength(mixed) == 34 * (100_000 / unit.count))
        #expect(TwitterText.urls(in: mixed).count == 100_000 / unit.count)

        let labels = String(repeating: "a.", count: 50_000)
        #expect(TwitterText.weightedLength(labels) == 100_000)
        #expect(TwitterText.urls(in: labels).isEmpty)

        let dashes = "http://" + String(repeating: "a-", count: 50_000) + ".com"
        #expect(TwitterText.weightedLength(dashes) == dashes.count)

        let parens = "http://x.co/" + String(repeating: "(", count: 100_000) + String(repeating: ")", count: 100_001)
        #expect(TwitterText.urls(in: parens).map { parens[$0].count } == [parens.count - 1])
    }
}
