import WorkflowModel

/// A record with a fixed set of field names, each `null`, and the position of each name in it.
/// A copy of the template keeps those positions (copying a dictionary keeps its layout, and
/// `values` is a `MutableCollection` whose indices survive the copy-on-write of the first
/// write), so filling a record of this shape stores values at known positions: no name is hashed
/// and nothing is inserted per record. `map` builds its output this way, once per activation.
struct RecordTemplate: Sendable {
    /// Every field, `null`.
    let record: Record
    /// The position of each of `fields`' names, in their order; a name given twice has one
    /// position, so the later value wins, as with successive subscript writes.
    let slots: [Record.Index]

    /// The template of records holding exactly `fields`.
    init(fields: [String]) {
        var record = Record(minimumCapacity: fields.count)
        for name in fields { record[name] = .null }
        self.record = record
        slots = fields.map { record.index(forKey: $0)! }
    }
}
