import WorkflowModel

/// The statements that upsert one record at a time with exact counts: try the insert (nothing
/// happens when the key exists), and only then the update, which touches the row only when a
/// value differs. Parameters 1…n are the record's columns in `columns` order, n+1 is `now`.
struct RowUpsertSQL: Sendable {
    /// The writable-column indexes the statements bind, in parameter order.
    let columns: [Int]
    /// Inserts the record, or does nothing when its key exists (a change count of 0).
    let insert: String
    /// Updates the row with the record's key when one of its values differs (a change count of
    /// 0 when nothing differs); nil when the record has nothing but key columns.
    let update: String?
}

extension TableSQL {
    /// The one-record statements for records giving exactly `columns`, upserted by `key`.
    func rowUpsert(columns: [Int], key: [Int]) -> RowUpsertSQL {
        let now = columns.count + 1
        let parameters = columns.enumerated().map { position, column in
            dialect.parameter(position + 1, type: table.columns[column].type)
        }
        var insertColumns = columns.map { dialect.quoted(table.columns[$0].name) }
        var insertValues = parameters
        for (present, column) in [(table.hasCreatedAt, "created_at"), (table.hasUpdatedAt, "updated_at")] where present {
            insertColumns.append(dialect.quoted(column))
            insertValues.append(dialect.parameter(now, type: .timestamp))
        }
        let keyList = dialect.quotedList(key.map { table.columns[$0].name })
        let insert = """
            INSERT INTO \(name) (\(insertColumns.joined(separator: ", "))) VALUES (\(insertValues.joined(separator: ", "))) \
            ON CONFLICT (\(keyList)) DO NOTHING
            """

        let changing = columns.indices.filter { !key.contains(columns[$0]) }
        guard !changing.isEmpty else { return RowUpsertSQL(columns: columns, insert: insert, update: nil) }
        var assignments = changing.map { "\(dialect.quoted(table.columns[columns[$0]].name)) = \(parameters[$0])" }
        if table.hasUpdatedAt {
            assignments.append("\(dialect.quoted("updated_at")) = \(dialect.parameter(now, type: .timestamp))")
        }
        let keyMatches = key.map { column in
            "\(dialect.quoted(table.columns[column].name)) = \(parameters[columns.firstIndex(of: column)!])"
        }
        let differences = changing.map {
            "\(dialect.quoted(table.columns[columns[$0]].name)) \(dialect.distinctOperator) \(parameters[$0])"
        }
        let update = """
            UPDATE \(name) SET \(assignments.joined(separator: ", ")) \
            WHERE \(keyMatches.joined(separator: " AND ")) AND (\(differences.joined(separator: " OR ")))
            """
        return RowUpsertSQL(columns: columns, insert: insert, update: update)
    }
}

extension TableSQL where Dialect == PostgresDialect {
    /// The name of the ordinality column of the unnested parameters; it keeps insertion order.
    static var ordinality: String { "wfrun_ordinality" }

    /// One statement that upserts many records giving exactly `columns`, whose keys are all
    /// different: parameter i is an array of the i-th column's values, parameter n+1 `now`.
    /// It returns one boolean row per inserted (true) or updated (false) record; a record whose
    /// row was already equal returns nothing.
    func batchUpsert(columns: [Int], key: [Int]) -> String {
        let now = columns.count + 1
        let names = columns.map { dialect.quoted(table.columns[$0].name) }
        let arrays = columns.enumerated().map { position, column in
            "\(dialect.parameter(position + 1))::\(dialect.arrayElementType(table.columns[column].type))[]"
        }
        var selected = columns.map { column -> String in
            let value = "\"v\".\(dialect.quoted(table.columns[column].name))"
            switch table.columns[column].type {
            case .timestamp, .date, .json: return "\(value)::\(dialect.columnType(table.columns[column].type))"
            default: return value
            }
        }
        var insertColumns = names
        for (present, column) in [(table.hasCreatedAt, "created_at"), (table.hasUpdatedAt, "updated_at")] where present {
            insertColumns.append(dialect.quoted(column))
            selected.append(dialect.parameter(now, type: .timestamp))
        }
        let ordinality = dialect.quoted(Self.ordinality)
        let keyList = dialect.quotedList(key.map { table.columns[$0].name })
        let changing = columns.filter { !key.contains($0) }.map { dialect.quoted(table.columns[$0].name) }
        let conflict: String
        if changing.isEmpty {
            conflict = "DO NOTHING"
        } else {
            var assignments = changing.map { "\($0) = EXCLUDED.\($0)" }
            if table.hasUpdatedAt { assignments.append("\(dialect.quoted("updated_at")) = EXCLUDED.\(dialect.quoted("updated_at"))") }
            let current = changing.map { "\(name).\($0)" }.joined(separator: ", ")
            let proposed = changing.map { "EXCLUDED.\($0)" }.joined(separator: ", ")
            conflict = "DO UPDATE SET \(assignments.joined(separator: ", ")) WHERE (\(current)) IS DISTINCT FROM (\(proposed))"
        }
        return """
            INSERT INTO \(name) (\(insertColumns.joined(separator: ", "))) \
            SELECT \(selected.joined(separator: ", ")) \
            FROM unnest(\(arrays.joined(separator: ", "))) WITH ORDINALITY AS "v"(\(names.joined(separator: ", ")), \(ordinality)) \
            ORDER BY "v".\(ordinality) \
            ON CONFLICT (\(keyList)) \(conflict) \
            RETURNING (xmax = 0)
            """
    }
}
