import WorkflowEngine
import GRDB

extension ColumnValue {
    /// The value as SQLite stores it: booleans as 0 or 1, everything else as it is.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .boolean(let flag): (flag ? 1 as Int64 : 0).databaseValue
        case .text(let text): text.databaseValue
        }
    }

    /// The value SQLite returned.
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .text(String(decoding: data, as: UTF8.self))
        }
    }
}

extension StoreError {
    /// A GRDB or SQLite failure as a store error; store errors pass through.
    static func sqlite(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError: error
        case let error as DatabaseError: .database(error.message ?? "SQLite error \(error.resultCode.rawValue)")
        default: .database("\(error)")
        }
    }
}
