import Foundation
import WorkflowEngine
import WorkflowModel

/// Writes rows of a data table as an aligned table, JSON Lines-free JSON array, or CSV. Table
/// output is buffered (to align columns); JSON and CSV stream.
final class RowWriter {
    private let schema: DataSchema
    private let format: RowFormat
    private let output = FileHandleOutput.standardOutput
    private var tableRows: [[String]] = []
    private var count = 0

    init(schema: DataSchema, format: RowFormat) {
        self.schema = schema
        self.format = format
        let header = schema.columns.map(\.name)
        switch format {
        case .table: tableRows.append(header)
        case .csv: output.write(header.map(Self.csvField).joined(separator: ",") + "\n")
        case .json: output.write("[")
        }
    }

    func add(_ record: Record) {
        count += 1
        switch format {
        case .table:
            tableRows.append(schema.columns.map { record[$0.name].map(Self.cell) ?? "" })
        case .csv:
            output.write(schema.columns.map { Self.csvField(record[$0.name].map(Self.cell) ?? "") }.joined(separator: ",") + "\n")
        case .json:
            var object: [String: ExpressionValue] = [:]
            for column in schema.columns { object[column.name] = record[column.name] ?? .null }
            output.write((count > 1 ? ",\n " : "\n ") + ExpressionValue.object(object).json)
        }
    }

    func finish() {
        switch format {
        case .table:
            output.write(TextTable.render(tableRows).joined(separator: "\n") + "\n")
            output.write("(\(count) row\(count == 1 ? "" : "s"))\n")
        case .csv: break
        case .json: output.write(count > 0 ? "\n]\n" : "]\n")
        }
    }

    private static func cell(_ value: ExpressionValue) -> String {
        if case .null = value { return "" }
        return value.text ?? ""
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
