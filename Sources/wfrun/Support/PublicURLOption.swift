import ArgumentParser
import Foundation

/// `--public-url URL` (default `$WFRUN_PUBLIC_URL`): the address people reach `wfrun serve` at,
/// where tracked links (`URL/r/CODE`) point. An http or https URL with a host, and no query or
/// fragment (the code is appended to its path).
enum PublicURLOption {
    /// The environment variable that gives the default.
    static let variable = "WFRUN_PUBLIC_URL"

    /// The option's help.
    static let help = ArgumentHelp(
        "The public http(s) address of `wfrun serve`, where tracked links point (URL/r/CODE); default $WFRUN_PUBLIC_URL.",
        valueName: "url")

    /// The URL `text` names, or why it cannot be a public URL.
    static func parse(_ text: String) throws(ValidationError) -> URL {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty, let url = components.url
        else {
            throw ValidationError("the public URL must be an http or https URL with a host, such as https://links.example.org, got '\(text)'")
        }
        guard components.query == nil, components.fragment == nil else {
            throw ValidationError("the public URL must have no query or fragment (links are URL/r/CODE), got '\(text)'")
        }
        return url
    }

    /// `option`, else `$WFRUN_PUBLIC_URL`, checked the same way; nil when neither is given.
    static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ValidationError) -> URL? {
        if let option { return try parse(option) }
        guard let text = environment[variable], !text.isEmpty else { return nil }
        do {
            return try parse(text)
        } catch {
            throw ValidationError("\(variable): \(error.message)")
        }
    }
}
