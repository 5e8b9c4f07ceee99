import Foundation
import SocialAuth

/// The HTML of the emulator's authorize pages: small, unstyled forms that a person (or a
/// headless browser) fills in. Every value written into them is escaped.
enum SignInPage {
    /// `&`, `<`, `>`, `"` and `'` as character references.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A whole page: `title` in the title and heading, `body` (already HTML) below.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>\(escape(title))</title></head>
        <body>
        <h1>\(escape(title))</h1>
        \(body)
        </body>
        </html>

        """
    }

    /// An error page: the `title` and one line saying what to do.
    static func error(status: Int, title: String, detail: String) -> APIResponse {
        .html(status: status, page(title: title, body: "<p id=\"error\">\(escape(detail))</p>"))
    }

    /// A hidden form field.
    static func hidden(_ name: String, _ value: String) -> String {
        "<input type=\"hidden\" name=\"\(escape(name))\" value=\"\(escape(value))\">"
    }

    /// A `<select>` of people: `(value, text)` pairs.
    static func select(id: String, name: String, label: String, options: [(value: String, text: String)]) -> String {
        var html = "<label for=\"\(escape(id))\">\(escape(label))</label>\n<select id=\"\(escape(id))\" name=\"\(escape(name))\">\n"
        for option in options {
            html += "<option value=\"\(escape(option.value))\">\(escape(option.text))</option>\n"
        }
        return html + "</select>"
    }

    /// `url` with `parameters` appended to its query (`?` or `&`), the URL's own query kept.
    static func appending(_ parameters: [(name: String, value: String)], to url: String) -> String {
        let base = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? url
        let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
        return base + separator + parameters.map { OAuth1.percentEncode($0.name) + "=" + OAuth1.percentEncode($0.value) }.joined(separator: "&")
    }

    /// Whether `text` is an absolute `http` or `https` URL with a host.
    static func isWebURL(_ text: String) -> Bool {
        guard text.utf8.count <= 2_048, let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}
