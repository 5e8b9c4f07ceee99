import Foundation

/// The one place where what could leak a secret is cut out before it reaches a message or a log:
/// URL query strings (Facebook sends `access_token` there), credential headers, secret values.
public enum Redaction {
    /// `scheme://host[:port]/path`: the URL without its query, fragment or user info.
    public static func url(_ url: URL) -> String {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let scheme = components.scheme, let host = components.host
        else { return "(a URL)" }
        var text = scheme + "://" + host
        if let port = components.port { text += ":\(port)" }
        return text + components.percentEncodedPath
    }

    /// `scheme://host[:port]`: where a service's API lives.
    public static func origin(_ url: URL) -> String {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let scheme = components.scheme, let host = components.host
        else { return "(a URL)" }
        var text = scheme + "://" + host
        if let port = components.port { text += ":\(port)" }
        return text
    }

    /// Headers whose values are credentials.
    public static let sensitiveHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]

    /// A header's value as it may be shown: `(redacted)` for credentials.
    public static func headerValue(name: String, value: String) -> String {
        sensitiveHeaders.contains(name.lowercased()) ? "(redacted)" : value
    }

    /// `text` with every occurrence of each secret (of 4 characters or more) replaced by
    /// `(redacted)`: a last line of defence for text that came from elsewhere (a server's error
    /// message that echoes a token).
    public static func text(_ text: String, hiding secrets: [String]) -> String {
        var result = text
        for secret in secrets where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: "(redacted)")
        }
        return result
    }
}
