import Foundation
import Testing

/// Processes that create the same new SQLite store at the same instant all open it: the check
/// before creating probes with a file of its own, so none finds another's probe (it used to exit
/// 1 with "cannot create a file … (file exists)") or unlinks a database another just created.
@Suite(.ownThread) struct StoreCreationRaceTests {
    @Test func processesCreatingOneStoreAtOnceAllOpenIt() throws {
        try withTemporaryFolder { folder in
            for round in 0..<6 {
                let database = folder.appendingPathComponent("new-\(round).sqlite").path
                let processes = (0..<6).map { _ in BackgroundWfrun(["history", "--db", database]) }
                let outcomes = try processes.map { try $0.outcome() }
                #expect(outcomes.allSatisfy { $0.exitCode == 0 && $0.stdout == "no runs yet\n" }, "\(outcomes)")
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".wfrun-probe") }
            #expect(left.isEmpty, "\(left)")
        }
    }
}
