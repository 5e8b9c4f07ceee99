import WorkflowModel

extension TableSQL {
    /// One statement that upserts `rows` records giving exactly `columns`, by `key`: record r's
    /// value of the p-th column is parameter r×n+p+1 (n = `columns.count`), `now` the last one.
    /// An existing row is updated only when one of the record's values differs from it, so the
    /// change count is the records inserted plus the rows really updated. A key repeated in the
    /// batch is fine: the later record updates the row the earlier one wrote.
    func valuesUpsert(columns: [Int], key: [Int], keep: [Int] = [], rows: Int) -> String {
        let width = columns.count
        let now = dialect.parameter(rows * width + 1, type: .timestamp)
        var insertColumns = columns.map { dialect.quoted(table.columns[$0].name) }
        insertColumns += managedColumns.map { dialect.quoted($0) }
        let managed = Array(repeating: now, count: managedColumns.count)
        var text = "INSERT INTO \(name) (\(insertColumns.joined(separator: ", "))) VALUES "
        for row in 0..<rows {
            let values = columns.enumerated().map { position, column in
                dialect.parameter(row * width + position + 1, type: table.columns[column].type)
            }
            text += (row == 0 ? "(" : ", (") + (values + managed).joined(separator: ", ") + ")"
        }
        return text + " " + onConflict(columns: columns, key: key, keep: keep)
    }

    /// The largest `id`: rows inserted afterwards have larger ones.
    var maximumID: String { "SELECT MAX(\(dialect.quoted(TableDefinition.idColumn))) FROM \(name)" }

    /// `created_at` and `updated_at`, those the table has: set to `now` on insert.
    var managedColumns: [String] {
        (table.hasCreatedAt ? ["created_at"] : []) + (table.hasUpdatedAt ? ["updated_at"] : [])
    }

    /// `ON CONFLICT (key) DO UPDATE SET …` the non-key `columns` (and `updated_at`) from the
    /// proposed row, only where one of them differs; `DO NOTHING` when there is nothing but the
    /// key. The `keep` columns are left as they are in an existing row.
    func onConflict(columns: [Int], key: [Int], keep: [Int] = []) -> String {
        let keyList = dialect.quotedList(key.map { table.columns[$0].name })
        let changing = columns.filter { !key.contains($0) && !keep.contains($0) }.map { dialect.quoted(table.columns[$0].name) }
        guard !changing.isEmpty else { return "ON CONFLICT (\(keyList)) DO NOTHING" }
        var assignments = changing.map { "\($0) = EXCLUDED.\($0)" }
        if table.hasUpdatedAt {
            let updatedAt = dialect.quoted("updated_at")
            assignments.append("\(updatedAt) = EXCLUDED.\(updatedAt)")
        }
        let differences = changing.map { "\(name).\($0) \(dialect.distinctOperator) EXCLUDED.\($0)" }
        return "ON CONFLICT (\(keyList)) DO UPDATE SET \(assignments.joined(separator: ", ")) WHERE \(differences.joined(separator: " OR "))"
    }
}

extension TableSQL where Dialect == PostgresDialect {
    /// The name of the ordinality column of the unnested parameters; it keeps insertion order.
    static var ordinality: String { "wfrun_ordinality" }

    /// One statement that upserts many records giving exactly `columns`, whose keys are all
    /// different: parameter i is an array of the i-th column's values, parameter n+1 `now`.
    /// It returns one boolean row per inserted (true) or updated (false) record; a record whose
    /// row was already equal returns nothing.
    func batchUpsert(columns: [Int], key: [Int], keep: [Int] = []) -> String {
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
        for column in managedColumns {
            insertColumns.append(dialect.quoted(column))
            selected.append(dialect.parameter(now, type: .timestamp))
        }
        let ordinality = dialect.quoted(Self.ordinality)
        return """
            INSERT INTO \(name) (\(insertColumns.joined(separator: ", "))) \
            SELECT \(selected.joined(separator: ", ")) \
            FROM unnest(\(arrays.joined(separator: ", "))) WITH ORDINALITY AS "v"(\(names.joined(separator: ", ")), \(ordinality)) \
            ORDER BY "v".\(ordinality) \
            \(onConflict(columns: columns, key: key, keep: keep)) \
            RETURNING (xmax = 0)
            """
    }
}

extension TableSQL {
    /// The column that records which run last wrote a row, for `endUnseen`.
    static var seenRunColumn: String { "seen_run" }

    /// Sets `column` to the parameter `now` (1) in the rows not seen by run (2) whose `column`
    /// is null and which share their `scope` values with a row that run saw.
    func endUnseen(column: String, scope: [String]) -> String {
        let target = dialect.quoted(column)
        let seen = dialect.quoted(Self.seenRunColumn)
        let now = dialect.parameter(1, type: .timestamp)
        let run = dialect.parameter(2, type: .integer)
        let sameScope = scope.map { "\"wfrun_seen\".\(dialect.quoted($0)) = \(name).\(dialect.quoted($0))" }
        let seenRows = (["\"wfrun_seen\".\(seen) = \(run)"] + sameScope).joined(separator: " AND ")
        return """
            UPDATE \(name) SET \(target) = \(now) \
            WHERE \(target) IS NULL AND (\(seen) IS NULL OR \(seen) <> \(run)) \
            AND EXISTS (SELECT 1 FROM \(name) AS "wfrun_seen" WHERE \(seenRows))
            """
    }
}
