import Foundation
import Testing

/// `wfrun show`: `--limit 0` shows no row, and a table of many rows is streamed, not held.
@Suite("show rows", .ownThread)
struct ShowRowsTests {
    @Test("show --limit 0 prints no row, only the header")
    func showLimitZero() throws {
        try withTemporaryFolder { folder in
            let database = try ImportFixture.store(in: folder, count: 3)
            let csv = try WfrunProcess.run(["show", "visitor", "--limit", "0", "--format", "csv", "--db", database])
            #expect(csv.exitCode == 0, "\(csv)")
            #expect(csv.stdout.split(separator: "\n").count == 1, "\(csv)")
            let table = try WfrunProcess.run(["show", "visitor", "--limit", "0", "--db", database])
            #expect(table.stdout.hasSuffix("\n(0 rows)\n"), "\(table)")
            #expect(table.stdout.split(separator: "\n").count == 2, "\(table)")
            let two = try WfrunProcess.run(["show", "visitor", "--limit", "2", "--format", "csv", "--db", database])
            #expect(two.stdout.split(separator: "\n").count == 3, "\(two)")
        }
    }

    @Test("show --format table streams: its memory stays near csv's however many rows")
    func aLongTableIsStreamed() throws {
        try withTemporaryFolder { folder in
            let database = try ImportFixture.store(in: folder, count: 200_000)
            let csv = try WfrunProcess.run(["show", "visitor", "--format", "csv", "--db", database], measuringMemory: true)
            let table = try WfrunProcess.run(["show", "visitor", "--db", database], measuringMemory: true)
            #expect(csv.exitCode == 0 && table.exitCode == 0, "\(csv)\n\(table)")
            #expect(table.stdout.hasSuffix("\n(200000 rows)\n"))
            #expect(table.stdout.split(separator: "\n").count == 200_002)
            // Holding every row costs about 180 MB here; streaming, a few MB over csv.
            #expect(table.maxRSSMegabytes < csv.maxRSSMegabytes + 30, "table \(table.maxRSSMegabytes) MB, csv \(csv.maxRSSMegabytes) MB")
        }
    }
}
