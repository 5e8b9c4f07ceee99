import Foundation
import Testing

@testable import wfrun_fuzz

/// Every input of the committed fuzz corpus (`Fuzz/corpus/<target>/`) goes through the same
/// entry point the fuzzer calls, in this process: an input that once crashed stays fixed. A
/// crash here ends the test process; `swift run wfrun-fuzz TARGET Fuzz/corpus/TARGET` names the
/// input (the last one it prints). Inputs that crash today and are being fixed elsewhere wait in
/// `Fuzz/pending/<target>/`, which neither this test nor the fuzzer reads; their fix moves them here.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")

    @Test(arguments: FuzzTarget.allCases)
    func everyCommittedInputRunsWithoutCrashing(_ target: FuzzTarget) throws {
        let folder = Self.corpus.appendingPathComponent(target.rawValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names.count >= 20, "the corpus of \(target.rawValue) is nearly empty: \(names)")
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            target.run(bytes)
        }
    }

    /// The replay command's file listing: a folder gives its files, sorted; a file is itself.
    @Test func replayListsAFoldersFilesInOrder() throws {
        let folder = Self.corpus.appendingPathComponent("xml").path
        let files = ReplayCommand.files(at: folder)
        #expect(files == files.sorted())
        #expect(files.allSatisfy { $0.hasPrefix(folder + "/") })
        #expect(ReplayCommand.files(at: folder + "/workflow-syncTwitter.xml") == [folder + "/workflow-syncTwitter.xml"])
    }
}
