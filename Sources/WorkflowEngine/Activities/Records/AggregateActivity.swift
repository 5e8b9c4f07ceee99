import Synchronization
import WorkflowModel

/// `aggregate`: groups the records by `groupBy` (space-separated field paths) and computes each
/// `<measure name function value>` per group: `count` (records, or the non-null values of
/// `value`), `sum` (an int while every value is an int), `min`, `max`, `avg` (a number);
/// `null` values are skipped. Its stream yields one batch, the groups ordered by key, each a
/// record of the group fields (named by the last component of their path) and the measures.
/// Without `groupBy` there is one group, even with no records (`count` 0, the others `null`).
///
/// Memory is proportional to the number of groups, not of records: records are read one batch
/// at a time and only each group's running measures are kept. The result carries no
/// checkpoint: a resumed run must aggregate every record again, so the input's checkpoints are
/// not passed on.
public struct AggregateActivity: ActivityBehavior {
    public static let kind = ActivityKind.aggregate
    public static let recordFlow: RecordFlow = [.consumesRecords, .producesRecords, .accumulates, .instant]

    private let definition: Activity
    private let groupBy: [(path: [String], name: String)]
    private let measures: [Measure]

    /// Reads the group paths and the measures.
    public init(definition: Activity, setup: ActivitySetup) throws {
        self.definition = definition
        groupBy = RecordActivitySetup.words(definition["groupBy"] ?? "").map { text in
            let path = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            return (path, path.last ?? text)
        }
        measures = try definition.settings(named: "measure").map { setting in
            guard let name = setting["name"], let functionName = setting["function"],
                let function = Measure.Function(rawValue: functionName)
            else {
                throw ActivityError(
                    definition: definition,
                    "a <measure> needs a name and a function (\(Measure.Function.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let value = try setting.attributes["value"].map {
                try RecordExpression($0, attribute: "value", part: "measure \(name)", of: definition)
            }
            guard value != nil || function == .count else {
                throw ActivityError(definition: definition, "measure \(name): \(function.rawValue) needs a value")
            }
            return Measure(name: name, function: function, value: value)
        }
        let groupNames = groupBy.map(\.name)
        if let clash = measures.first(where: { groupNames.contains($0.name) }) {
            throw ActivityError(definition: definition, "measure \(clash.name) has the name of a groupBy field")
        }
    }

    /// Returns at once the stream of groups; the input is read on its first pull.
    public func run(input: (any BatchSource)?, context: ActivityContext) async throws -> ActivityResult {
        .next(Aggregation(input ?? BatchList([]), definition: definition, groupBy: groupBy, measures: measures, context: context))
    }
}

/// One `aggregate` activation's stream: reads the whole input on the first pull, then yields
/// the groups.
final class Aggregation: BatchSource {
    private let input: any BatchSource
    private let definition: Activity
    private let groupBy: [(path: [String], name: String)]
    private let measures: [Measure]
    private let context: ActivityContext
    /// Set by the first pull: later pulls end the stream.
    private let pulled = Mutex(false)

    init(
        _ input: any BatchSource, definition: Activity, groupBy: [(path: [String], name: String)], measures: [Measure],
        context: ActivityContext
    ) {
        self.input = input
        self.definition = definition
        self.groupBy = groupBy
        self.measures = measures
        self.context = context
    }

    func next() async throws -> RecordBatch? {
        let first = pulled.withLock { pulled in
            defer { pulled = true }
            return !pulled
        }
        guard first else { return nil }
        let errors = RecordErrorHandler(definition)
        let empty = measures.map { MeasureAccumulator($0.function) }
        var groups: [[ExpressionValue]: [MeasureAccumulator]] = groupBy.isEmpty ? [[]: empty] : [:]
        while let batch = try await input.next() {
            context.meter.read(batch.records.count)
            for record in batch.records {
                let key = groupBy.map { Self.value(at: $0.path, in: record) }
                var accumulators = groups[key] ?? empty
                do throws(RecordFailure) {
                    try add(record, to: &accumulators)
                    groups[key] = accumulators
                } catch {
                    try await errors.handle(error, record: record, context: context)
                }
            }
        }
        await errors.finish(context: context)
        let records = groups.keys.sorted(by: GroupKeyOrder.precedes).map { key in
            var record = Record(minimumCapacity: groupBy.count + measures.count)
            for (index, field) in groupBy.enumerated() { record[field.name] = key[index] }
            for (index, measure) in measures.enumerated() { record[measure.name] = groups[key]![index].result }
            return record
        }
        context.meter.wrote(records.count)
        return records.isEmpty ? nil : RecordBatch(records: records)
    }

    /// Adds one record to a group's measures; on a failure the caller keeps the old measures.
    private func add(_ record: Record, to accumulators: inout [MeasureAccumulator]) throws(RecordFailure) {
        for (index, measure) in measures.enumerated() {
            let value = try measure.value?.value(on: record, context.evaluation)
            do {
                try accumulators[index].add(value)
            } catch {
                throw RecordFailure(part: "measure \(measure.name)", error: error)
            }
        }
    }

    /// The value at a field path; `null` when missing.
    private static func value(at path: [String], in record: Record) -> ExpressionValue {
        guard let first = path.first, var value = record[first] else { return .null }
        for segment in path.dropFirst() {
            guard case .object(let fields) = value, let next = fields[segment] else { return .null }
            value = next
        }
        return value
    }
}
