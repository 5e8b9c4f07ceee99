/// The class of the user agent of a visit: all wfrun keeps of who visited. Visits by people
/// (`browser`, `other`) are counted as visits; `crawler` and `tool` are counted apart, since a
/// post on X is fetched by Twitterbot (and on other sites by their previewers) whoever reads it.
public enum LinkAgent: String, Sendable, Hashable, CaseIterable {
    /// A web browser (or an app's web view).
    case browser
    /// A known crawler or link previewer (Twitterbot, facebookexternalhit, Slackbot, …).
    case crawler
    /// A command-line tool or an HTTP library (curl, Wget, python-requests, …), or no
    /// user-agent at all.
    case tool
    /// Anything else.
    case other

    /// Whether visits of this class are counted apart from people's.
    public var isCrawler: Bool { self == .crawler || self == .tool }

    /// Lowercased markers of crawlers and previewers, matched anywhere in the user-agent.
    static let crawlerMarkers = [
        "twitterbot", "facebookexternalhit", "facebookcatalog", "slackbot", "slack-imgproxy", "googlebot",
        "adsbot-google", "google-inspectiontool", "bingbot", "linkedinbot", "discordbot", "whatsapp", "telegrambot",
        "applebot", "yandexbot", "duckduckbot", "baiduspider", "pinterestbot", "redditbot", "skypeuripreview",
        "embedly", "iframely", "mastodon", "bot/", "bot;", "crawler", "spider", "preview",
    ]
    /// Lowercased prefixes of tools and HTTP libraries.
    static let toolPrefixes = [
        "curl/", "wget/", "python-requests/", "python-urllib/", "python-httpx/", "aiohttp/", "go-http-client/",
        "okhttp/", "java/", "apache-httpclient/", "libwww-perl/", "httpie/", "node-fetch/", "axios/", "ruby",
        "powershell/", "postmanruntime/", "insomnia/",
    ]

    /// The class of a `User-Agent` header (nil: none sent).
    public init(userAgent: String?) {
        let text = (userAgent ?? "").trimmingWhitespace.lowercased()
        if text.isEmpty {
            self = .tool
        } else if Self.crawlerMarkers.contains(where: { text.contains($0) }) || text.hasSuffix("bot") {
            self = .crawler
        } else if Self.toolPrefixes.contains(where: { text.hasPrefix($0) }) {
            self = .tool
        } else if text.hasPrefix("mozilla/") || text.hasPrefix("opera/") {
            self = .browser
        } else {
            self = .other
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
