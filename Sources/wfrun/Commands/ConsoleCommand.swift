import ArgumentParser
import Foundation
import WorkflowEngine
import WorkflowModel

/// `wfrun console`: the console's credential.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Manage the console that `wfrun serve` serves.",
        subcommands: [ConsoleTokenCommand.self])
}

/// `wfrun console token [--rotate]`.
struct ConsoleTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Say when the console token was made, or make a new one.",
        discussion: """
            The store keeps only the token's hash, so a token is shown once:
            when `wfrun serve` first starts on a store, or when --rotate makes a
            new one. Rotating signs out every session at once, on every server
            of the store (within a second).

            The new token goes alone to standard output, for scripts:
              TOKEN=$(wfrun console token --rotate)
              curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8686/api/v1/workflows

            Exit codes: 0 done, 1 the store failed, 2 usage.
            """)

    @Flag(help: "Make a new token (the old one and every session stop working).")
    var rotate = false

    @Option(help: ArgumentHelp("The store: a SQLite file or a postgres:// URL (default $WFRUN_DB, else ./wfrun.sqlite).", valueName: "location"))
    var db: String?

    mutating func run() async throws {
        let store = try await StoreLocation.openControl(db)
        do {
            try await store.prepare(schemas: [])
            guard let credentials = store as? any ConsoleCredentialStore else {
                FileHandleOutput.standardError.write("wfrun: this store keeps no console token\n")
                try? await store.close()
                throw ExitCode(1)
            }
            if rotate {
                let token = try await ConsoleAuth.rotate(in: credentials)
                try? await store.close()
                FileHandleOutput.standardOutput.write(token + "\n")
                FileHandleOutput.standardError.write("wfrun: a new console token (shown this once); every session is signed out\n")
                return
            }
            let credential = try await credentials.consoleCredential()
            try? await store.close()
            if let credential {
                FileHandleOutput.standardOutput.write(
                    "the console token was made at \(ISOTimestamp(credential.createdAt).text); it is shown only when made: `wfrun console token --rotate` makes a new one\n")
            } else {
                FileHandleOutput.standardOutput.write("no console token yet: `wfrun serve` makes one at its first start, or `wfrun console token --rotate` now\n")
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandleOutput.standardError.write("wfrun: \(error)\n")
            try? await store.close()
            throw ExitCode(1)
        }
    }
}
