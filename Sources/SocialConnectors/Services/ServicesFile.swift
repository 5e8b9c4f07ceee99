import Foundation
import WorkflowModel
import WorkflowXML

/// Reads a services file (Schemas/services.xsd, namespace `urn:wfrun:services:1`):
///
/// ```xml
/// <services xmlns="urn:wfrun:services:1">
///   <service name="acme" type="twitter" label="ACME on X" apiVersion="2" visitorFolder="Visitors" syncSubscriptions="true">
///     <consumerKey env="ACME_X_CONSUMER_KEY"/> <consumerSecret env="ACME_X_CONSUMER_SECRET"/>
///     <accessToken env="ACME_X_ACCESS_TOKEN"/> <accessTokenSecret file="/etc/wfrun/acme-token-secret"/>
///   </service>
/// </services>
/// ```
///
/// The file is parsed like a workflow (libxml2, no DTD, no network, no entities) and checked
/// against its grammar, then for what the grammar cannot say: unique names, X screen names, an
/// X service's four secrets, a Facebook service's page id, exactly one of `env` and `file`.
/// Secrets are not read here: a missing variable is reported when a request needs it.
public enum ServicesFile {
    /// Loads and checks the services file at `path`.
    /// - Throws: `ServicesFileError` listing every problem with its `file:line:column`.
    public static func load(path: String) throws(ServicesFileError) -> ServiceDirectory {
        let root: XMLTree
        do { root = try XMLLanguage.services.read(path: path) } catch { throw ServicesFileError(diagnostics: error.diagnostics) }
        return try directory(from: root)
    }

    /// Loads and checks a services file's text (`file` names it in messages).
    public static func load(text: String, file: String) throws(ServicesFileError) -> ServiceDirectory {
        let root: XMLTree
        do { root = try XMLLanguage.services.read(SourceText(file: file, bytes: Array(text.utf8))) } catch {
            throw ServicesFileError(diagnostics: error.diagnostics)
        }
        return try directory(from: root)
    }

    private static func directory(from root: XMLTree) throws(ServicesFileError) -> ServiceDirectory {
        var problems: [Diagnostic] = []
        var services: [Service] = []
        var seen: [String: SourceLocation] = [:]
        for element in root.children where element.name == "service" {
            guard let service = readService(element, problems: &problems) else { continue }
            let nameLocation = element.attribute("name")?.valueLocation ?? element.location
            if let first = seen[service.name.lowercased()] {
                problems.append(Diagnostic(
                    .grammar, "service name '\(service.name)' is already used at line \(first.line); give each service its own name",
                    at: nameLocation))
                continue
            }
            seen[service.name.lowercased()] = nameLocation
            services.append(service)
        }
        guard problems.isEmpty else { throw ServicesFileError(diagnostics: problems.sorted()) }
        return ServiceDirectory(services: services)
    }

    /// X screen names: 1 to 15 letters, digits or underscores.
    public static func isValidScreenName(_ name: String) -> Bool {
        (1...15).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
    }

    private static func readService(_ element: XMLTree, problems: inout [Diagnostic]) -> Service? {
        // The grammar guarantees name and type and the enumerations.
        guard let name = element[attribute: "name"], let type = element[attribute: "type"].flatMap(ServiceType.init(rawValue:)) else {
            return nil
        }
        let before = problems.count
        let nameLocation = element.attribute("name")?.valueLocation ?? element.location
        if type == .twitter && !isValidScreenName(name) {
            problems.append(Diagnostic(
                .grammar,
                "'\(name)' is not an X screen name (1 to 15 letters, digits or '_'); name the service after its X account",
                at: nameLocation))
        }
        var secrets: [String: Secret] = [:]
        for child in element.children {
            let env = child.attribute("env")
            let file = child.attribute("file")
            switch (env, file) {
            case (let env?, nil):
                secrets[child.name] = Secret(.environment(env.value))
            case (nil, let file?):
                secrets[child.name] = Secret(.file(file.value))
            case (_?, let file?):
                problems.append(Diagnostic(
                    .grammar, "<\(child.name)> has both env and file; keep one of them", at: file.location))
            case (nil, nil):
                problems.append(Diagnostic(
                    .grammar, "<\(child.name)> says neither where nor how to read it; write env=\"VARIABLE\" or file=\"PATH\"",
                    at: child.location))
            }
            if !SecretRole.allowed(for: type).contains(child.name) {
                problems.append(Diagnostic(
                    .grammar,
                    "<\(child.name)> is a \(type == .twitter ? "facebook" : "twitter") secret; a \(type.rawValue) service takes \(SecretRole.allowed(for: type).map { "<\($0)>" }.joined(separator: ", "))",
                    at: child.location))
            }
        }
        let missing = SecretRole.required(for: type).filter { role in
            !element.children.contains { $0.name == role }
        }
        if !missing.isEmpty {
            let list = missing.map { "<\($0) env=\"…\"/>" }.joined(separator: ", ")
            problems.append(Diagnostic(
                .grammar, "\(type.displayName) service '\(name)' lacks \(missing.count == 1 ? "its secret" : "secrets"): add \(list)",
                at: element.location))
        }
        let pageId = element[attribute: "pageId"]
        switch type {
        case .facebook where pageId == nil:
            problems.append(Diagnostic(
                .grammar, "Facebook service '\(name)' has no pageId; add pageId=\"…\" with the page's numeric id", at: element.location))
        case .twitter where pageId != nil:
            problems.append(Diagnostic(
                .grammar, "pageId applies to Facebook services only; remove it from X service '\(name)'",
                at: element.attribute("pageId")!.location))
        default:
            break
        }
        let appId = element[attribute: "appId"]
        if type == .twitter, let attribute = element.attribute("appId") {
            problems.append(Diagnostic(
                .grammar, "appId applies to Facebook services only (X sign-in uses the consumer key); remove it from X service '\(name)'",
                at: attribute.location))
        }
        var baseURL = type.defaultBaseURL
        if let attribute = element.attribute("baseURL") {
            if let url = URL(string: attribute.value), url.host != nil {
                baseURL = url
            } else {
                problems.append(Diagnostic(
                    .grammar, "baseURL '\(attribute.value)' is not a URL; write it like \(type.defaultBaseURL.absoluteString)",
                    at: attribute.valueLocation))
            }
        }
        guard problems.count == before else { return nil }
        return Service(
            name: name, label: element[attribute: "label"], type: type,
            apiVersion: element[attribute: "apiVersion"].flatMap(XAPIVersion.init(rawValue:)) ?? .v2, baseURL: baseURL,
            visitorFolder: element[attribute: "visitorFolder"],
            syncSubscriptions: isTrue(element[attribute: "syncSubscriptions"]), test: isTrue(element[attribute: "test"]),
            pageId: pageId, appId: appId, secrets: secrets, location: element.location.description)
    }

    private static func isTrue(_ value: String?) -> Bool {
        value == "true" || value == "1"
    }
}

/// Why a services file cannot be used: every problem found, each with its `file:line:column`
/// and what to fix.
public struct ServicesFileError: Error, CustomStringConvertible, Sendable {
    /// The problems, in file order.
    public var diagnostics: [Diagnostic]

    /// Creates an error.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Where the first problem is.
    public var location: SourceLocation? { diagnostics.first?.location }

    /// One line per problem: `services.xml:3:17: error: …`.
    public var description: String {
        diagnostics.map { "\($0.location): error: \($0.message)" }.joined(separator: "\n")
    }
}
