import Crypto
import Foundation

/// The four secrets of an OAuth 1.0a user-context request (X's "consumer keys" and "access token").
public struct OAuth1Credentials: Sendable, Hashable {
    public var consumerKey: String
    public var consumerSecret: String
    public var token: String
    public var tokenSecret: String

    /// Creates credentials.
    public init(consumerKey: String, consumerSecret: String, token: String, tokenSecret: String) {
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.token = token
        self.tokenSecret = tokenSecret
    }
}

/// OAuth 1.0a request signing with HMAC-SHA1, as RFC 5849 section 3 defines it. Both the
/// connectors (to sign) and the emulator (to check) use it; the published worked example is a
/// unit test, so neither side can drift from the specification without a test failing.
public enum OAuth1 {
    /// One name and value, not yet encoded. Order matters only for duplicates, which the base
    /// string sorts by value.
    public typealias Parameter = (name: String, value: String)

    /// RFC 3986 percent-encoding as OAuth requires: everything but `A-Z a-z 0-9 - . _ ~`,
    /// byte by byte of the UTF-8 form, with upper-case hex digits.
    public static func percentEncode(_ text: String) -> String {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count + text.utf8.count / 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hexDigits[Int(byte >> 4)])
                encoded.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Decodes `%XX` escapes (and `+` as a space when `plusIsSpace`, as in form bodies).
    /// Returns nil for a malformed escape or bytes that are not UTF-8.
    public static func percentDecode(_ text: some StringProtocol, plusIsSpace: Bool = false) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            } else if plusIsSpace && byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Parses `a=1&b=x%20y` (a query string or an `application/x-www-form-urlencoded` body) into
    /// decoded pairs, in order. Returns nil when an escape is malformed.
    public static func decodeForm(_ text: some StringProtocol) -> [Parameter]? {
        var pairs: [Parameter] = []
        for piece in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = percentDecode(parts[0], plusIsSpace: true),
                let value = percentDecode(parts.count > 1 ? parts[1] : "", plusIsSpace: true)
            else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    /// Encodes pairs as a query string or form body, with OAuth's encoding (so that what is sent
    /// is exactly what is signed).
    public static func encodeForm(_ parameters: [Parameter]) -> String {
        parameters.map { percentEncode($0.name) + "=" + percentEncode($0.value) }.joined(separator: "&")
    }

    /// The base string URI (RFC 5849 3.4.1.2): lower-case scheme and host, the port only when it
    /// is not the scheme's default, the path as requested, no query or fragment.
    /// Returns nil for a URL without a scheme or host.
    public static func baseStringURI(_ url: URL) -> String? {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased()
        else { return nil }
        var uri = scheme + "://" + host
        if let port = components.port, !(scheme == "http" && port == 80) && !(scheme == "https" && port == 443) {
            uri += ":\(port)"
        }
        let path = components.percentEncodedPath
        return uri + (path.isEmpty ? "/" : path)
    }

    /// The signature base string (RFC 5849 3.4.1): method, base string URI and the normalized
    /// parameters (query, form body and `oauth_*` except `oauth_signature`), each encoded, sorted
    /// by name then value, joined with `&`.
    public static func signatureBaseString(method: String, uri: String, parameters: [Parameter]) -> String {
        var encoded: [(name: String, value: String)] = []
        for parameter in parameters where parameter.name != "oauth_signature" {
            encoded.append((percentEncode(parameter.name), percentEncode(parameter.value)))
        }
        encoded.sort { left, right in left.name == right.name ? left.value < right.value : left.name < right.name }
        let normalized = encoded.map { $0.name + "=" + $0.value }.joined(separator: "&")
        return method.uppercased() + "&" + percentEncode(uri) + "&" + percentEncode(normalized)
    }

    /// HMAC-SHA1 of the base string, keyed by the encoded consumer secret and token secret, in base64.
    public static func signature(baseString: String, consumerSecret: String, tokenSecret: String) -> String {
        let key = SymmetricKey(data: Array((percentEncode(consumerSecret) + "&" + percentEncode(tokenSecret)).utf8))
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Array(baseString.utf8), using: key)
        return Data(code).base64EncodedString()
    }

    /// The `oauth_*` protocol parameters of a request, signature included. An empty token is
    /// left out (a temporary-credentials request, RFC 5849 2.1, has none); `extra` adds protocol
    /// parameters such as `oauth_callback` or `oauth_verifier`, signed like the others.
    public static func protocolParameters(
        method: String, url: URL, bodyParameters: [Parameter], credentials: OAuth1Credentials,
        nonce: String, timestamp: Int, extra: [Parameter] = []
    ) -> [Parameter]? {
        guard let uri = baseStringURI(url) else { return nil }
        let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery.flatMap { decodeForm($0) } ?? []
        var oauth: [Parameter] = [
            ("oauth_consumer_key", credentials.consumerKey),
            ("oauth_nonce", nonce),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", String(timestamp)),
            ("oauth_version", "1.0"),
        ]
        if !credentials.token.isEmpty { oauth.append(("oauth_token", credentials.token)) }
        oauth += extra
        let base = signatureBaseString(method: method, uri: uri, parameters: query + bodyParameters + oauth)
        oauth.append(("oauth_signature", signature(baseString: base, consumerSecret: credentials.consumerSecret, tokenSecret: credentials.tokenSecret)))
        return oauth.sorted { $0.name < $1.name }
    }

    /// The `Authorization` header value for a request: `OAuth oauth_consumer_key="…", …`.
    /// `url` is the URL requested, query included; `bodyParameters` the decoded form body, if the
    /// request sends one. Returns nil for a URL without a scheme or host.
    public static func authorizationHeader(
        method: String, url: URL, bodyParameters: [Parameter] = [], credentials: OAuth1Credentials,
        nonce: String, timestamp: Int, extra: [Parameter] = []
    ) -> String? {
        guard let oauth = protocolParameters(
            method: method, url: url, bodyParameters: bodyParameters, credentials: credentials, nonce: nonce, timestamp: timestamp,
            extra: extra)
        else { return nil }
        return "OAuth " + oauth.map { "\(percentEncode($0.name))=\"\(percentEncode($0.value))\"" }.joined(separator: ", ")
    }

    /// A random nonce: 32 bytes, base64 without its non-alphanumeric characters.
    public static func makeNonce() -> String {
        // Four draws of 8 bytes: each draw is a getrandom call, so not one per byte.
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Data(bytes).base64EncodedString().filter { $0.isLetter || $0.isNumber }
    }

    /// Reads an `Authorization: OAuth …` header into its decoded parameters (the `realm` left out).
    /// Returns nil when it is not an OAuth header or a value is malformed.
    public static func parseAuthorizationHeader(_ header: String) -> [String: String]? {
        let trimmed = header.drop { $0 == " " }
        guard trimmed.lowercased().hasPrefix("oauth ") else { return nil }
        var result: [String: String] = [:]
        for piece in trimmed.dropFirst(6).split(separator: ",") {
            let parts = piece.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            var value = parts[1].trimmingCharacters(in: .whitespaces)
            guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return nil }
            value = String(value.dropFirst().dropLast())
            guard let decodedName = percentDecode(name), let decodedValue = percentDecode(value) else { return nil }
            if decodedName != "realm" { result[decodedName] = decodedValue }
        }
        return result
    }
}

/// Facebook's `appsecret_proof`: the HMAC-SHA256 of the access token keyed by the app secret,
/// in lower-case hex.
public enum AppSecretProof {
    /// The proof for this token and secret.
    public static func proof(accessToken: String, appSecret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(accessToken.utf8), using: SymmetricKey(data: Array(appSecret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}
