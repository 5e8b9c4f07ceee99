import ArgumentParser
import Foundation
import WorkflowEngine
import WorkflowStore

/// Where the store is: `--db`, else `$WFRUN_DB`, else `./wfrun.sqlite`; a `postgres://` URL
/// selects PostgreSQL.
enum StoreLocation {
    static func resolve(_ option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let environment = ProcessInfo.processInfo.environment["WFRUN_DB"], !environment.isEmpty { return environment }
        return "wfrun.sqlite"
    }

    /// Opens the store, or prints one clear message and exits 1.
    static func open(_ option: String?, forReading: Bool = false) async throws -> any WorkflowStore {
        // An empty --db is a mistake (an unset shell variable), not a request for the default.
        if option?.isEmpty == true {
            FileHandleOutput.standardError.write("wfrun: --db is empty; give a SQLite file or a postgres:// URL (or leave out --db for $WFRUN_DB, else ./wfrun.sqlite)\n")
            throw ExitCode(2)
        }
        let location = resolve(option)
        do {
            return try await StoreFactory.open(location, forReading: forReading)
        } catch {
            FileHandleOutput.standardError.write("wfrun: \(error)\n")
            throw ExitCode(1)
        }
    }

    /// Opens the store with the control state of `wfrun serve`, or prints one clear message and exits 1.
    static func openControl(_ option: String?, forReading: Bool = false) async throws -> any ControlStore {
        if option?.isEmpty == true {
            FileHandleOutput.standardError.write("wfrun: --db is empty; give a SQLite file or a postgres:// URL (or leave out --db for $WFRUN_DB, else ./wfrun.sqlite)\n")
            throw ExitCode(2)
        }
        do {
            return try await StoreFactory.openControl(resolve(option), forReading: forReading)
        } catch {
            FileHandleOutput.standardError.write("wfrun: \(error)\n")
            throw ExitCode(1)
        }
    }
}
