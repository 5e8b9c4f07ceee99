import Foundation
import WorkflowEngine
import WorkflowModel

/// Writes rows of a data table as an aligned table, a JSON array, or CSV, streaming all three:
/// a table's column widths come from its first `alignedRows` rows (a wider cell further down
/// pushes the rest of its row to the right), so memory stays flat however many rows there are.
final class RowWriter {
    /// Rows held to compute a table's column widths.
    static let alignedRows = 1000
    /// Bytes gathered before a write.
    private static let chunkSize = 64 * 1024

    private let schema: DataSchema
    private let format: RowFormat
    private let output = FileHandleOutput.standardOutput
    /// Table rows held until the column widths are known (the header first).
    private var heldRows: [[String]] = []
    /// The table's column widths, once known.
    private var widths: [Int]?
    private var pending = ""
    private var count = 0

    init(schema: DataSchema, format: RowFormat) {
        self.schema = schema
        self.format = format
        let header = schema.columns.map(\.name)
        switch format {
        case .table: heldRows.append(header)
        case .csv: emit(header.map(Self.csvField).joined(separator: ",") + "\n")
        case .json: emit("[")
        }
    }

    /// Whether the output has failed (then nothing more is written; stop reading rows).
    var failed: Bool { output.failure != nil }

    func add(_ record: Record) {
        count += 1
        switch format {
        case .table:
            let row = schema.columns.map { record[$0.name].map(Self.cell) ?? "" }
            if let widths {
                emit(TextTable.line(row, widths: widths) + "\n")
            } else {
                heldRows.append(row)
                if heldRows.count > Self.alignedRows { releaseHeldRows() }
            }
        case .csv:
            emit(schema.columns.map { Self.csvField(record[$0.name].map(Self.cell) ?? "") }.joined(separator: ",") + "\n")
        case .json:
            var object: [String: ExpressionValue] = [:]
            for column in schema.columns { object[column.name] = record[column.name] ?? .null }
            emit((count > 1 ? ",\n " : "\n ") + ExpressionValue.object(object).json)
        }
    }

    func finish() {
        switch format {
        case .table:
            releaseHeldRows()
            emit("(\(count) row\(count == 1 ? "" : "s"))\n")
        case .csv: break
        case .json: emit(count > 0 ? "\n]\n" : "]\n")
        }
        flush()
    }

    /// Fixes the column widths from the rows held and writes them.
    private func releaseHeldRows() {
        guard widths == nil else { return }
        let widths = TextTable.widths(of: heldRows)
        self.widths = widths
        for row in heldRows { emit(TextTable.line(row, widths: widths) + "\n") }
        heldRows = []
    }

    private func emit(_ text: String) {
        pending += text
        if pending.utf8.count >= Self.chunkSize { flush() }
    }

    private func flush() {
        guard !pending.isEmpty else { return }
        output.write(pending)
        pending = ""
    }

    static func cell(_ value: ExpressionValue) -> String {
        if case .null = value { return "" }
        return value.text ?? ""
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
