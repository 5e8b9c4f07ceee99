import ArgumentParser
import Foundation
import WorkflowModel
import WorkflowXML

/// `wfrun schedule FILE --next N`: previews a workflow's fire times, with no store.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Preview the next fire times of a workflow's scheduler.",
        discussion: """
            Prints the schedule in words, then each fire as an ISO-8601 instant in the
            scheduler's time zone and in UTC. Daylight saving time is followed: a wall
            time the clocks skip fires at the end of the gap, one they repeat fires once,
            at its first occurrence (Docs/scheduling.md). Reads no store and needs no
            server: for authors and CI.

            The file is checked first, as validate does: a file with errors is reported
            and nothing is printed (exit 2), and so is a workflow without a <scheduler>.

            Example: wfrun schedule Workflows/syncTwitter.xml --next 3 --from
            2027-03-22T00:00:00Z
            """)

    @Argument(help: ArgumentHelp("The workflow file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("How many fire times to print, \(FireCountRange.text).", valueName: "n"))
    var next: BoundedCount<FireCountRange> = 5

    @Option(help: ArgumentHelp(
        "List the fires after this instant, ISO-8601 with a zone (2027-03-28T00:00:00Z, …+01:00); now by default.",
        valueName: "instant"))
    var from: ZonedInstant?

    @Flag(help: "Print one JSON object (workflow, activity, timezone, missedRuns, summary, from, fires).")
    var json = false

    mutating func run() async throws {
        let outcome = Installed.loader.load(path: file)
        let text = outcome.diagnostics.map { DiagnosticRenderer.text($0, source: outcome.source) }
        if !text.isEmpty { FileHandleOutput.standardError.write(text.joined(separator: "\n") + "\n") }
        guard let workflow = outcome.workflow, !outcome.diagnostics.hasErrors else {
            FileHandleOutput.standardError.write("wfrun: \(file) has errors; fix them to preview its schedule\n")
            throw ExitCode(2)
        }
        let schedule: Schedule?
        do {
            schedule = try Schedule.of(workflow)
        } catch {
            FileHandleOutput.standardError.write("wfrun: \(file): \(error)\n")
            throw ExitCode(2)
        }
        guard let schedule else {
            FileHandleOutput.standardError.write(
                "wfrun: \(file) has no <scheduler>, so it never fires on its own; add one to schedule it\n")
            throw ExitCode(2)
        }
        let start = from?.date ?? Date()
        let fires = schedule.fires(after: start, through: Date(timeIntervalSince1970: .infinity), limit: next.value)
        let output = FileHandleOutput.standardOutput
        if json {
            let preview = Preview(
                workflow: workflow.name, activity: schedule.activity, timezone: schedule.timeZoneName,
                missedRuns: schedule.missedRuns.rawValue, summary: schedule.summary, from: ISOTimestamp(start).text,
                fires: fires.map { Preview.Fire(local: schedule.localText(of: $0), utc: ISOTimestamp($0).text) })
            output.write(HistoryCommand.encode(preview) + "\n")
        } else {
            let rows = fires.map { [schedule.localText(of: $0), ISOTimestamp($0).text] }
            output.write(([workflow.name + ": " + schedule.summary] + TextTable.render(rows)).joined(separator: "\n") + "\n")
        }
        if fires.count < next.value {
            let after = fires.last.map { ISOTimestamp($0).text } ?? ISOTimestamp(start).text
            FileHandleOutput.standardError.write(
                "wfrun: \(fires.isEmpty ? "no fire" : "no further fire") within eight years after \(after)\n")
        }
    }

    /// The `--json` object.
    private struct Preview: Encodable {
        struct Fire: Encodable {
            var local: String
            var utc: String
        }

        var workflow: String
        var activity: String
        var timezone: String
        var missedRuns: String
        var summary: String
        var from: String
        var fires: [Fire]
    }
}

/// `schedule --next`: fire times listed.
enum FireCountRange: CountRange {
    static let range = 1...1_000
}

/// An instant read from the command line as ISO-8601 text that names its zone (`Z`, `+01:00`):
/// a wall time alone would leave the reader guessing which zone it is in.
struct ZonedInstant: ExpressibleByArgument, Sendable {
    let date: Date

    init?(argument: String) {
        guard let timestamp = ISOTimestamp(parsing: argument, zoneless: .refused) else { return nil }
        date = timestamp.date
    }
}
