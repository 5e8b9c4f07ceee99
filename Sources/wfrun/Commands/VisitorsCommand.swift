import ArgumentParser
import Foundation
import WorkflowEngine
import WorkflowModel
import WorkflowStore

/// `wfrun visitors`: people known from the social networks.
struct VisitorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visitors",
        abstract: "Show a visitor's consents, or forget a visitor.",
        subcommands: [VisitorsConsentsCommand.self, VisitorsForgetCommand.self])
}

/// A person named on the command line: `Twitter:1234`, `Facebook:5678` (`X:` is Twitter).
struct VisitorReference: ExpressibleByArgument, CustomStringConvertible {
    let origin: String
    let externalID: String

    init?(argument: String) {
        guard argument.count <= 200, let colon = argument.firstIndex(of: ":") else { return nil }
        let network = argument[..<colon].lowercased()
        let id = String(argument[argument.index(after: colon)...])
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else { return nil }
        switch network {
        case "twitter", "x": origin = "Twitter"
        case "facebook": origin = "Facebook"
        default: return nil
        }
        externalID = id
    }

    var description: String { "\(origin):\(externalID)" }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// Opens the store with the visitor table, runs `body`, closes it; failures exit 1.
private func withContacts<T>(
    _ db: String?, _ body: (any ContactStore, DataSchema) async throws -> T
) async throws -> T {
    let store = try await StoreLocation.openControl(db)
    do {
        guard let visitor = DataSchemaLibrary.builtIn.schemas["visitor"] else { throw ExitCode(1) }
        try await store.prepare(schemas: [visitor])
        guard let contacts = store as? any ContactStore else {
            FileHandleOutput.standardError.write("wfrun: this store keeps no consents\n")
            throw ExitCode(1)
        }
        let result = try await body(contacts, visitor)
        try? await store.close()
        return result
    } catch let exit as ExitCode {
        try? await store.close()
        throw exit
    } catch {
        FileHandleOutput.standardError.write("wfrun: \(error)\n")
        try? await store.close()
        throw ExitCode(1)
    }
}

private let referenceHelp = ArgumentHelp(
    "The person: ORIGIN:ID, the network (Twitter, X or Facebook) and the person's id on it, such as Twitter:120007919.",
    valueName: "origin:id")

/// `wfrun visitors forget ORIGIN:ID`.
struct VisitorsForgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Withdraw a person's consents and erase their profile.",
        discussion: """
            What the withdrawal page /join/SERVICE/withdraw does, from the command
            line: every consent the person gave is marked withdrawn (when, and what
            they had agreed to, are kept) and the profile fields of their visitor
            row are set to null (username, full name, friends, verified, email). The
            row itself stays, keyed by origin and id, with its folder and dates.

            Example:
              wfrun visitors forget Twitter:120007919

            Exit codes: 0 done (also when there was nothing to forget), 1 the store
            failed, 2 usage.
            """)

    @Argument(help: referenceHelp)
    var person: VisitorReference

    @Option(help: ArgumentHelp("The store: a SQLite file or a postgres:// URL (default $WFRUN_DB, else ./wfrun.sqlite).", valueName: "location"))
    var db: String?

    mutating func run() async throws {
        let person = person
        let result = try await withContacts(db) { store, visitor in
            try await store.withdrawConsent(
                origin: person.origin, externalID: person.externalID, service: nil, erasing: VisitorProfile.erasedColumns(of: visitor),
                in: visitor, now: try ServiceClock.fromEnvironment().shifted(Date()))
        }
        let consents = "\(result.withdrawn) consent\(result.withdrawn == 1 ? "" : "s") withdrawn"
        let profile = result.visitorErased ? "profile erased" : "no visitor row"
        FileHandleOutput.standardOutput.write("\(person): \(consents), \(profile)\n")
    }
}

/// `wfrun visitors consents ORIGIN:ID`.
struct VisitorsConsentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consents",
        abstract: "Show what a person consented to, by service.",
        discussion: """
            One line per service: the state (given or withdrawn), when, how, the
            version of the page's text they were shown and the fields retrieved.
            --json prints an array of objects instead.

            Exit codes: 0 done, 1 the store failed, 2 usage.
            """)

    @Argument(help: referenceHelp)
    var person: VisitorReference

    @Option(help: ArgumentHelp("The store: a SQLite file or a postgres:// URL (default $WFRUN_DB, else ./wfrun.sqlite).", valueName: "location"))
    var db: String?

    @Flag(help: "Print JSON.")
    var json = false

    mutating func run() async throws {
        let person = person
        let consents = try await withContacts(db) { store, _ in
            try await store.consents(origin: person.origin, externalID: person.externalID)
        }
        if json {
            let objects = consents.map { consent -> [String: Any] in
                var object: [String: Any] = [
                    "origin": consent.origin, "external_id": consent.externalID, "service": consent.service, "state": consent.state.rawValue,
                    "text_version": consent.textVersion, "fields": consent.fields, "method": consent.method,
                    "given_at": ISOTimestamp(consent.givenAt).text,
                ]
                object["withdrawn_at"] = consent.withdrawnAt.map { ISOTimestamp($0).text } ?? NSNull()
                return object
            }
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .prettyPrinted])
            FileHandleOutput.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
            return
        }
        guard !consents.isEmpty else {
            FileHandleOutput.standardOutput.write("\(person): no consent\n")
            return
        }
        for consent in consents {
            let when = consent.withdrawnAt.map { "withdrawn \(ISOTimestamp($0).text), given \(ISOTimestamp(consent.givenAt).text)" }
                ?? "given \(ISOTimestamp(consent.givenAt).text)"
            FileHandleOutput.standardOutput.write(
                "\(person) \(consent.service): \(when) by \(consent.method), text \(consent.textVersion), fields \(consent.fields.joined(separator: " "))\n")
        }
    }
}

/// Which visitor columns hold a person's profile.
enum VisitorProfile {
    /// Every column but the key (origin, external id), the folder and the dates.
    static func erasedColumns(of visitor: DataSchema) -> [String] {
        visitor.columns.map(\.name).filter { !["origin", "external_id", "folder", "created_at", "updated_at"].contains($0) }
    }
}
