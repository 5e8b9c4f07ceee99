import Foundation
import Testing

/// The exact `--help` of the root command and of every subcommand, as swift-argument-parser's own
/// tests assert it: an option added, renamed or reworded shows here. The expected texts are the
/// files `Fixtures/help/<command>.txt` (`root`, `run`, `services-check`, …), printed 80 columns
/// wide. After changing a command's help on purpose, regenerate them and review the diff:
///
///     WFRUN_REGENERATE_HELP=1 swift test --filter HelpTextTests
@Suite(.ownThread) struct HelpTextTests {
    /// Every command, by its fixture name, and the arguments that print its help.
    static let commands: [(name: String, arguments: [String])] = [
        ("root", ["--help"]),
        ("run", ["run", "--help"]),
        ("validate", ["validate", "--help"]),
        ("graph", ["graph", "--help"]),
        ("schedule", ["schedule", "--help"]),
        ("history", ["history", "--help"]),
        ("show", ["show", "--help"]),
        ("services", ["services", "--help"]),
        ("services-check", ["services", "check", "--help"]),
        ("services-list", ["services", "list", "--help"]),
        ("emulate", ["emulate", "--help"]),
        ("serve", ["serve", "--help"]),
        ("start", ["start", "--help"]),
        ("stop", ["stop", "--help"]),
        ("trigger", ["trigger", "--help"]),
        ("status", ["status", "--help"]),
        ("console", ["console", "--help"]),
        ("console-token", ["console", "token", "--help"]),
        ("visitors", ["visitors", "--help"]),
        ("visitors-forget", ["visitors", "forget", "--help"]),
        ("visitors-consents", ["visitors", "consents", "--help"]),
    ]

    /// The width the texts are printed at, whatever the terminal running the tests.
    static let environment = ["COLUMNS": "80", "LINES": "24"]

    static var regenerating: Bool { ProcessInfo.processInfo.environment["WFRUN_REGENERATE_HELP"] == "1" }

    @Test(arguments: commands.map(\.name))
    func helpIsExactlyTheFixture(_ name: String) throws {
        let arguments = try #require(Self.commands.first { $0.name == name }?.arguments)
        let outcome = try WfrunProcess.run(arguments, environment: Self.environment)
        #expect(outcome.exitCode == 0, "\(outcome)")
        #expect(outcome.stderr == "", "\(outcome)")
        let fixture = Fixtures.path("help/\(name).txt")
        if Self.regenerating {
            try Data(outcome.standardOutput).write(to: URL(fileURLWithPath: fixture))
            return
        }
        let expected = try String(contentsOfFile: fixture, encoding: .utf8)
        #expect(outcome.stdout == expected, "wfrun \(arguments.joined(separator: " ")) differs from Fixtures/help/\(name).txt")
    }

    /// The list above is every command the root declares: a new subcommand needs its fixture.
    @Test func everyCommandHasAFixture() throws {
        let outcome = try WfrunProcess.run(["--help"], environment: Self.environment)
        let listed = outcome.stdout.split(separator: "\n")
            .drop { $0 != "SUBCOMMANDS:" }.dropFirst()
            .compactMap { line -> String? in
                // A command starts its line after two spaces; wrapped abstracts are indented further.
                guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
                return line.split(separator: " ").first.map(String.init)
            }
            .filter { $0 != "See" }
        #expect(listed == [
            "run", "validate", "graph", "schedule", "history", "show", "services", "emulate", "serve", "start", "stop", "trigger", "status",
            "console", "visitors",
        ])
        let withFixtures = Set(Self.commands.map { $0.arguments.dropLast().first ?? "root" })
        #expect(Set(listed).isSubset(of: withFixtures))
        let services = try WfrunProcess.run(["services", "--help"], environment: Self.environment)
        #expect(services.stdout.contains("  check ") && services.stdout.contains("  list (default) "))
    }
}
