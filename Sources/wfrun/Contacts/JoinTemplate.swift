import Crypto
import Foundation
import Mustache
import WorkflowModel

/// The brand's part of a consent page: a Mustache template the user writes (`--join-template`),
/// or the one shipped. It is rendered once per service with `brand` (the service's label),
/// `service` (its name), `network` (`X`, `Facebook`) and the flags `x` and `facebook`; values are
/// HTML-escaped (`{{brand}}`), as Mustache does unless told otherwise with `{{{…}}}`.
struct JoinTemplate: Sendable {
    /// The template's source, for messages.
    let origin: String
    private let template: MustacheTemplate

    /// The largest template file read.
    static let maxBytes = 64 * 1024

    /// The template shipped: a heading and a sentence that say what sharing is for.
    static let shipped = JoinTemplate(
        uncheckedSource: """
            <h1>Stay in touch with {{brand}}</h1>
            <p>Share your {{network}} profile with {{brand}}: when you write to us we will know who you are, and the
            offers we send you, on {{network}} and by email, will fit what you follow.</p>
            """, origin: "the shipped template")

    private init(uncheckedSource source: String, origin: String) {
        self.origin = origin
        // The shipped text is a literal without sections: it always parses.
        template = try! MustacheTemplate(string: source)
    }

    /// Parses a template's text.
    /// - Throws: `JoinTemplateError` with the line and column of the mistake.
    init(source: String, origin: String) throws(JoinTemplateError) {
        self.origin = origin
        do {
            template = try MustacheTemplate(string: source)
        } catch let error as MustacheTemplate.ParserError {
            throw JoinTemplateError(
                description: "\(origin):\(error.context.lineNumber):\(error.context.columnNumber): the join template cannot be read: \(Self.describe(error.error))")
        } catch {
            throw JoinTemplateError(description: "\(origin): the join template cannot be read: \(error)")
        }
    }

    /// Reads and parses a template file (a regular file, at most 64 KiB of UTF-8).
    static func load(path: String) throws(JoinTemplateError) -> JoinTemplate {
        let opened: RegularFile.Opened
        switch RegularFile.open(path) {
        case .success(let file): opened = file
        case .failure(.directory): throw JoinTemplateError(description: "\(path): the join template is a folder, not a file")
        case .failure(.notRegular(let kind)): throw JoinTemplateError(description: "\(path): the join template is \(kind), not a regular file")
        case .failure(.system(let code)):
            throw JoinTemplateError(description: "\(path): cannot read the join template (\(String(cString: strerror(code)).lowercased()))")
        }
        let handle = FileHandle(fileDescriptor: opened.descriptor, closeOnDealloc: true)
        guard opened.size <= maxBytes else { throw JoinTemplateError(description: "\(path): the join template is larger than 64 KiB") }
        let data = (try? handle.read(upToCount: maxBytes + 1)) ?? Data()
        guard data.count <= maxBytes else { throw JoinTemplateError(description: "\(path): the join template is larger than 64 KiB") }
        guard let text = String(data: data, encoding: .utf8) else { throw JoinTemplateError(description: "\(path): the join template is not UTF-8 text") }
        return try JoinTemplate(source: text, origin: path)
    }

    /// The brand's part of the page of a service.
    func render(brand: String, service: String, network: String) -> String {
        template.render([
            "brand": brand, "service": service, "network": network, "x": network == "X", "facebook": network == "Facebook",
        ] as [String: Any])
    }

    /// The version of a consent text: `sha256:` and the first 16 hex digits of its SHA-256.
    static func version(of text: String) -> String {
        "sha256:" + SHA256.hash(data: Data(text.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section is never closed ({{/name}})"
        case .invalidSetDelimiter: return "a delimiter change is malformed"
        default: return "\(error)"
        }
    }
}

/// Why a join template cannot be used.
struct JoinTemplateError: Error, CustomStringConvertible {
    let description: String
}
