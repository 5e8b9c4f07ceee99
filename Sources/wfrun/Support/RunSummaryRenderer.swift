import Foundation
import WorkflowEngine

/// The end-of-run summary: a table for people, JSON for machines.
enum RunSummaryRenderer {
    static func table(_ summary: RunSummary) -> String {
        let run = summary.run
        let elapsed = run.endedAt.map { String(format: "%.2f s", $0.timeIntervalSince(run.startedAt)) } ?? "?"
        var lines = ["run \(run.id) of \(run.workflow): \(run.status.rawValue) in \(elapsed)\(summary.resumed ? " (resumed)" : "")"]
        if let error = run.error { lines.append("  \(error)") }
        var rows = [["activity", "kind", "status", "attempts", "in", "out", "time"]]
        for activity in summary.activities {
            let time = activity.endedAt.map { String(format: "%.2fs", $0.timeIntervalSince(activity.startedAt)) } ?? "-"
            rows.append([
                activity.activity, activity.kind, activity.status.rawValue, "\(activity.attempts)",
                "\(activity.recordsIn)", "\(activity.recordsOut)", time,
            ])
        }
        lines += TextTable.render(rows).map { "  " + $0 }
        for (name, counts) in summary.upserts.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(name): \(counts.inserted) inserted, \(counts.updated) updated, \(counts.unchanged) unchanged")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ summary: RunSummary) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(summary)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// Left-aligned columns separated by two spaces.
enum TextTable {
    static func render(_ rows: [[String]]) -> [String] {
        let widths = widths(of: rows)
        return rows.map { line($0, widths: widths) }
    }

    /// The width of each column of `rows` (as many columns as the first row has).
    static func widths(of rows: [[String]]) -> [Int] {
        guard let first = rows.first else { return [] }
        return first.indices.map { column in rows.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
    }

    /// One row with its cells padded to `widths` (the last cell is not padded; a cell wider than
    /// its column pushes the rest of its row to the right).
    static func line(_ row: [String], widths: [Int]) -> String {
        row.enumerated().map { index, cell in
            index == row.count - 1 || index >= widths.count ? cell : cell.padding(toLength: max(widths[index], cell.count), withPad: " ", startingAt: 0)
        }.joined(separator: "  ")
    }
}
