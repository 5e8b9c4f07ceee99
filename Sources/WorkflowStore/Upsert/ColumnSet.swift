/// Which writable columns of a table a record gives values for, as a bit set over their indexes.
/// The first 64 columns live inline, so computing a record's set allocates nothing.
struct ColumnSet: Hashable, Sendable {
    private var low: UInt64 = 0
    private var high: [UInt64] = []

    /// An empty set.
    init() {}

    /// Adds the column at `index`.
    mutating func insert(_ index: Int) {
        if index < 64 {
            low |= 1 << UInt64(index)
            return
        }
        let word = index / 64 - 1
        if high.count <= word { high.append(contentsOf: repeatElement(0, count: word + 1 - high.count)) }
        high[word] |= 1 << UInt64(index % 64)
    }

    /// True when the column at `index` is in the set.
    func contains(_ index: Int) -> Bool {
        if index < 64 { return low & (1 << UInt64(index)) != 0 }
        let word = index / 64 - 1
        return word < high.count && high[word] & (1 << UInt64(index % 64)) != 0
    }

    /// The indexes in the set, ascending, below `limit`.
    func indexes(below limit: Int) -> [Int] {
        (0..<limit).filter(contains)
    }
}
