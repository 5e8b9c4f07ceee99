import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process that holds a run: a host, a process id, and the instant that process started
/// (so a recycled process id is not taken for the owner). Stored as one text column, such as
/// `build-3/4120/1764688212.53`.
public struct RunOwner: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The host name.
    public var host: String
    /// The process id on that host.
    public var pid: Int32
    /// When the process started, in seconds since 1970 (0 when unknown).
    public var processStart: Double

    /// Creates an owner.
    public init(host: String, pid: Int32, processStart: Double) {
        self.host = host
        self.pid = pid
        self.processStart = processStart
    }

    /// This process.
    public static let current = RunOwner(host: ProcessLiveness.hostName(), pid: getpid(), processStart: ProcessLiveness.startTime(of: getpid()) ?? 0)

    /// The stored form: host, pid and start separated by `/` (a host name has no `/`).
    public var token: String { "\(host)/\(pid)/\(String(format: "%.2f", processStart))" }

    /// Reads the stored form; nil when it is not one.
    public init?(token: String) {
        let parts = token.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let pid = Int32(parts[1]), let start = Double(parts[2]) else { return nil }
        self.init(host: String(parts[0]), pid: pid, processStart: start)
    }

    /// `process 4120 on build-3`.
    public var description: String { "process \(pid) on \(host)" }

    /// How far apart two readings of one process's start may be, in seconds.
    static let startTolerance: Double = 2

    /// True when the owner runs on this host and is known to have ended: no process with its id,
    /// or one that started at another instant (the id was reused). An owner on another host is
    /// never known to be gone; its lease decides.
    public var isKnownGone: Bool {
        // Without /proc (not Linux) nothing is known of other processes: the lease decides.
        guard host == ProcessLiveness.hostName(), ProcessLiveness.canSeeProcesses else { return false }
        guard let start = ProcessLiveness.startTime(of: pid) else { return true }
        // A start is ticks since boot (10 ms) plus the boot instant, which /proc/stat gives in
        // whole seconds that move when the clock is adjusted: two processes may compute one
        // start a second apart. A reused process id is a process started later than that.
        return processStart > 0 && abs(start - processStart) > Self.startTolerance
    }
}

/// Reads what Linux says of processes on this host.
enum ProcessLiveness {
    /// Whether /proc tells about processes here.
    static let canSeeProcesses = startTime(of: getpid()) != nil

    /// The host name (`gethostname`).
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name.replacingOccurrences(of: "/", with: "_")
    }

    /// When process `pid` started, in seconds since 1970, or nil when there is no such process
    /// (or it is a zombie: it has ended and only waits to be reaped).
    static func startTime(of pid: Int32) -> Double? {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        // The command name (field 2) may hold spaces and parentheses: fields after it follow the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3); the start time in ticks is field 22.
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X", let ticks = Double(fields[19]) else { return nil }
        guard let bootTime = bootTime() else { return nil }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return bootTime + ticks / (hertz > 0 ? hertz : 100)
    }

    /// When this host booted, in seconds since 1970 (`btime` of /proc/stat).
    private static func bootTime() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
