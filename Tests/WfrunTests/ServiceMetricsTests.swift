import Foundation
import Testing
import WorkflowEngine

@testable import wfrun

/// What `ServiceMetrics` exposes for known events, line for line: counts, histogram buckets
/// (cumulative, `le` inclusive), sums, label values escaped, HELP and TYPE lines, families in
/// name order.
@Suite struct ServiceMetricsTests {
    static func activity(_ name: String, in recordsIn: Int, out recordsOut: Int) -> ActivityRunRecord {
        ActivityRunRecord(
            run: 1, activity: name, kind: "fetch", status: .succeeded, recordsIn: recordsIn, recordsOut: recordsOut,
            startedAt: Date(timeIntervalSince1970: 0), endedAt: Date(timeIntervalSince1970: 1))
    }

    /// The lines of `text` from the one that is `first` through the next `count - 1`.
    static func block(_ text: String, from first: String, count: Int) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: first) else { return [] }
        return Array(lines[start..<min(lines.count, start + count)])
    }

    @Test("runs, durations, records, lateness and rate-limit waits come out as exact exposition lines")
    func recordedEventsExpose() async throws {
        let metrics = ServiceMetrics(deliveries: nil)
        metrics.runStopped(
            workflow: "nightly", outcome: .succeeded, seconds: 0.25,
            activities: [Self.activity("read", in: 0, out: 5), Self.activity("save", in: 5, out: 5)])
        metrics.runStopped(workflow: "nightly", outcome: .succeeded, seconds: 4000, activities: [Self.activity("read", in: 0, out: 2)])
        metrics.runStopped(workflow: #"say "hi" \ now"#, outcome: .paused, seconds: nil, activities: [])
        metrics.fireStarted(workflow: "nightly", reason: .schedule, lateness: 0.5)
        metrics.fireStarted(workflow: "nightly", reason: .schedule, lateness: -3)
        metrics.rateLimitWaited(service: "acme", seconds: 12.5)
        metrics.rateLimitWaited(service: "acme", seconds: 2)
        metrics.rateLimitPaused(service: "acme", seconds: 900)
        metrics.runsRunning(2)
        let text = await metrics.exposition()

        let runs = Self.block(text, from: "# HELP wfrun_runs_total Runs that stopped in this server, by workflow and how they ended (succeeded, failed, interrupted, paused, refused).", count: 4)
        #expect(runs.count == 4)
        #expect(runs.dropFirst().first == "# TYPE wfrun_runs_total counter")
        #expect(Set(runs.dropFirst(2)) == [
            #"wfrun_runs_total{status="succeeded",workflow="nightly"} 2"#,
            #"wfrun_runs_total{status="paused",workflow="say \"hi\" \\ now"} 1"#,
        ])

        #expect(Self.block(text, from: "# TYPE wfrun_run_duration_seconds histogram", count: 16) == [
            "# TYPE wfrun_run_duration_seconds histogram",
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="0.1"} 0"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="0.5"} 1"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="1.0"} 1"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="5.0"} 1"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="15.0"} 1"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="30.0"} 1"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="60.0"} 1"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="300.0"} 1"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="900.0"} 1"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="1800.0"} 1"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="3600.0"} 1"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="7200.0"} 2"#,
            #"wfrun_run_duration_seconds_bucket{workflow="nightly",le="+Inf"} 2"#,
            #"wfrun_run_duration_seconds_sum{workflow="nightly"} 4000.25"#,
            #"wfrun_run_duration_seconds_count{workflow="nightly"} 2"#,
        ])

        let lateness = Self.block(text, from: "# TYPE wfrun_fire_lateness_seconds histogram", count: 17)
        #expect(lateness.dropFirst().prefix(4) == [
            #"wfrun_fire_lateness_seconds_bucket{reason="schedule",workflow="nightly",le="0.05"} 1"#,
            #"wfrun_fire_lateness_seconds_bucket{reason="schedule",workflow="nightly",le="0.1"} 1"#,
            #"wfrun_fire_lateness_seconds_bucket{reason="schedule",workflow="nightly",le="0.25"} 1"#,
            #"wfrun_fire_lateness_seconds_bucket{reason="schedule",workflow="nightly",le="0.5"} 2"#,
        ])
        #expect(lateness.suffix(3) == [
            #"wfrun_fire_lateness_seconds_bucket{reason="schedule",workflow="nightly",le="+Inf"} 2"#,
            #"wfrun_fire_lateness_seconds_sum{reason="schedule",workflow="nightly"} 0.5"#,
            #"wfrun_fire_lateness_seconds_count{reason="schedule",workflow="nightly"} 2"#,
        ])

        // A direction that never moved a record has no series.
        let records = Self.block(text, from: "# TYPE wfrun_records_total counter", count: 5)
        #expect(records.last?.hasPrefix("#") == true)
        #expect(Set(records.dropFirst().dropLast()) == [
            #"wfrun_records_total{activity="read",direction="out",workflow="nightly"} 7"#,
            #"wfrun_records_total{activity="save",direction="in",workflow="nightly"} 5"#,
            #"wfrun_records_total{activity="save",direction="out",workflow="nightly"} 5"#,
        ])

        let waits = Self.block(text, from: "# TYPE wfrun_rate_limit_waits_total counter", count: 3)
        #expect(Set(waits.dropFirst()) == [
            #"wfrun_rate_limit_waits_total{outcome="waited",service="acme"} 2"#,
            #"wfrun_rate_limit_waits_total{outcome="paused",service="acme"} 1"#,
        ])
        #expect(Self.block(text, from: "# TYPE wfrun_rate_limit_wait_seconds_total counter", count: 2).last
            == #"wfrun_rate_limit_wait_seconds_total{service="acme"} 14.5"#)
        #expect(Self.block(text, from: "# TYPE wfrun_runs_running gauge", count: 2).last == "wfrun_runs_running 2.0")
        // Without a delivery log, every state is there at 0.
        #expect(Set(Self.block(text, from: "# TYPE wfrun_deliveries gauge", count: 6).dropFirst()) == Set(
            RecipientState.allCases.map { #"wfrun_deliveries{state="\#($0.rawValue)"} 0.0"# }))

        let families = text.split(separator: "\n").filter { $0.hasPrefix("# HELP ") }.map { $0.split(separator: " ")[2] }
        #expect(families == [
            "wfrun_deliveries", "wfrun_fire_lateness_seconds", "wfrun_metrics_store_errors_total", "wfrun_rate_limit_wait_seconds_total",
            "wfrun_rate_limit_waits_total", "wfrun_records_total", "wfrun_run_duration_seconds", "wfrun_runs_running", "wfrun_runs_total",
        ])
        #expect(text.hasSuffix("\n"))
    }

    @Test("a run that paused or stopped counts only the activities that ended since it began here, and no duration")
    func resumedRunsCountTheirOwnRecords() async throws {
        let metrics = ServiceMetrics(deliveries: nil)
        let began = Date(timeIntervalSince1970: 1000)
        let run = RunRecord(
            workflow: "sync", file: "sync.xml", status: .interrupted, startedAt: Date(timeIntervalSince1970: 0),
            resumeAt: Date(timeIntervalSince1970: 2000))
        var before = Self.activity("read", in: 0, out: 100)
        before.endedAt = Date(timeIntervalSince1970: 999)
        var now = Self.activity("save", in: 40, out: 40)
        now.endedAt = Date(timeIntervalSince1970: 1500)
        var going = Self.activity("read2", in: 0, out: 3)
        going.endedAt = nil
        metrics.runStopped(run, activities: [before, now, going], began: began)
        let text = await metrics.exposition()
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines.contains(#"wfrun_runs_total{status="paused",workflow="sync"} 1"#))
        #expect(lines.contains(#"wfrun_records_total{activity="save",direction="out",workflow="sync"} 40"#))
        #expect(lines.contains(#"wfrun_records_total{activity="read2",direction="out",workflow="sync"} 3"#))
        #expect(!text.contains(#"activity="read","#))
        #expect(!text.contains("wfrun_run_duration_seconds_count"))
    }
}
