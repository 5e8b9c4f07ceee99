import WorkflowEngine
import WorkflowModel

/// A batch of records checked against their table and converted, ready for either backend.
/// Everything that can be checked without the database is checked here, before a transaction
/// starts: unknown fields, values that do not fit or are not allowed, missing key values.
struct UpsertBatch: Sendable {
    /// The table written.
    let table: TableDefinition
    /// The writable-column indexes of the upsert key.
    let key: [Int]
    /// The columns written only when a row is inserted.
    let keep: [Int]
    /// The number of records.
    let count: Int
    /// The converted values, row after row, one slot per writable column (`.null` where the
    /// record has no field; `columnSets` says which slots are real).
    private(set) var values: [ColumnValue]
    /// The columns each record gives.
    private(set) var columnSets: [ColumnSet]
    /// Per column, the last timestamp text converted and its normalized form: a batch's
    /// timestamps are often one text (`now()` is the run's instant, formatted once), and parsing
    /// and formatting it again for every record showed in the profile.
    private var lastTimestamps: [(text: String, value: ColumnValue)?]

    /// Checks and converts `records` for `table`, upserted by `key`.
    init(_ records: [Record], table: TableDefinition, key: [String], keep: [String] = []) throws(StoreError) {
        self.table = table
        self.key = try table.keyIndexes(key)
        var kept: [Int] = []
        for column in keep {
            guard let index = table.columns.firstIndex(where: { $0.name == column }) else {
                throw StoreError.unknownColumn(table: table.name, column: column)
            }
            kept.append(index)
        }
        self.keep = kept
        count = records.count
        let width = table.columns.count
        values = Array(repeating: .null, count: records.count * width)
        lastTimestamps = Array(repeating: nil, count: width)
        columnSets = []
        columnSets.reserveCapacity(records.count)
        for (row, record) in records.enumerated() {
            columnSets.append(try convert(record, into: row * width))
        }
    }

    /// The value of a writable column in a row.
    func value(row: Int, column: Int) -> ColumnValue {
        values[row * table.columns.count + column]
    }

    /// The first required column that a record with these columns lacks, if any: such a record
    /// may update an existing row but not insert one.
    func missingRequiredColumn(in set: ColumnSet) -> String? {
        table.columns.indices.first { table.columns[$0].required && !set.contains($0) }.map { table.columns[$0].name }
    }

    /// Consecutive rows that can be written by one set-based statement: the same columns, and no
    /// key twice (PostgreSQL refuses to update one row twice in one statement).
    func segments() -> [Range<Int>] {
        var segments: [Range<Int>] = []
        var start = 0
        var keys: Set<[ColumnValue]> = []
        for row in 0..<count {
            let keyValues = key.map { value(row: row, column: $0) }
            if row > start, columnSets[row] != columnSets[start] || keys.contains(keyValues) {
                segments.append(start..<row)
                start = row
                keys.removeAll(keepingCapacity: true)
            }
            keys.insert(keyValues)
        }
        if count > start { segments.append(start..<count) }
        return segments
    }

    /// Converts one record into its slots. The fast path walks the record's fields once; any
    /// problem is then reported by `diagnose`, which checks in a fixed order so that the same
    /// record always gets the same message.
    private mutating func convert(_ record: Record, into base: Int) throws(StoreError) -> ColumnSet {
        var set = ColumnSet()
        for (name, field) in record {
            // A linear scan beats hashing here: column names are few and mostly short enough to
            // compare as two machine words.
            guard let index = table.names.firstIndex(of: name) else {
                if table.isManagedName(name) { continue }
                try diagnose(record)
                continue
            }
            guard let converted = self.converted(field, column: index), !(table.required[index] && converted.isNull),
                  !table.restricted[index] || table.columns[index].allows(field)
            else {
                try diagnose(record)
                continue
            }
            values[base + index] = converted
            set.insert(index)
        }
        for index in key where !set.contains(index) || values[base + index].isNull {
            throw StoreError.missingValue(table: table.name, column: table.names[index])
        }
        return set
    }

    /// `field` converted for column `index`; a timestamp equal to the column's previous one
    /// reuses its conversion.
    private mutating func converted(_ field: ExpressionValue, column index: Int) -> ColumnValue? {
        guard table.types[index] == .timestamp, case .string(let text) = field else { return ColumnValue(field, type: table.types[index]) }
        if let last = lastTimestamps[index], last.text == text { return last.value }
        let value = ColumnValue(field, type: .timestamp)
        if let value { lastTimestamps[index] = (text, value) }
        return value
    }

    /// Throws the first problem of a record: a field that is not a column (the first by name),
    /// then, in column order, a value that does not fit, a null in a required column or a value
    /// outside the column's allowed values.
    private func diagnose(_ record: Record) throws(StoreError) {
        try checkFieldNames(record)
        for index in table.names.indices {
            guard let field = record[table.names[index]] else { continue }
            guard let converted = ColumnValue(field, type: table.types[index]) else {
                throw StoreError.typeMismatch(
                    table: table.name, column: table.names[index], value: field.description, expected: table.types[index])
            }
            if table.required[index] && converted.isNull {
                throw StoreError.missingValue(table: table.name, column: table.names[index])
            }
            if table.restricted[index], !table.columns[index].allows(field), let text = field.text {
                throw StoreError.valueNotAllowed(
                    table: table.name, column: table.names[index], value: text, allowed: table.columns[index].allowedValues ?? [])
            }
        }
    }

    /// Throws for the first field (by name) that is neither a column nor a managed column.
    private func checkFieldNames(_ record: Record) throws(StoreError) {
        let unknown = record.keys.filter { table.columnIndex[$0] == nil && !table.isManagedName($0) }
        if let first = unknown.min() {
            throw StoreError.unknownColumn(table: table.name, column: first)
        }
    }
}
