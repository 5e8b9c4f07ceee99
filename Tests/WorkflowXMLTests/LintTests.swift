import Testing
import WorkflowModel
import WorkflowXML

/// Each lint rule, on a minimal failing file: the exact code, line and column.
@Suite struct LintTests {
    static let cases: [(fixture: String, expected: [Finding])] = [
        ("duplicate-activity.xml", [Finding("WF020", 4, 3)]),
        ("dangling-transition.xml", [Finding("WF021", 3, 11), Finding("WF022", 5, 3)]),
        ("unreachable-activity.xml", [Finding("WF022", 3, 3)]),
        ("no-entry-point.xml", [Finding("WF023", 1, 1)]),
        ("unbroken-cycle.xml", [Finding("WF024", 3, 3)]),
        ("join-one-input.xml", [Finding("WF025", 3, 3)]),
        ("map-unknown-field.xml", [Finding("WF026", 7, 18)]),
        ("upsert-key-not-unique.xml", [Finding("WF027", 4, 45)]),
        ("upsert-end-missing-without-seen-run.xml", [Finding("WF026", 4, 77), Finding("WF026", 4, 106)]),
        ("unknown-schema.xml", [Finding("WF028", 3, 30)]),
        ("unknown-connector.xml", [Finding("WF030", 3, 33)]),
        ("unknown-resource.xml", [Finding("WF031", 3, 46)]),
        ("unknown-resource-parameter.xml", [Finding("WF032", 3, 57)]),
        ("missing-resource-parameter.xml", [Finding("WF033", 3, 3)]),
        ("removed-insights-metric.xml", [Finding("WF034", 3, 85)]),
        ("expression-syntax.xml", [Finding("WF040", 3, 43)]),
        ("unknown-function.xml", [Finding("WF041", 3, 28)]),
        ("function-arity.xml", [Finding("WF042", 3, 40)]),
        ("invalid-time.xml", [Finding("WF050", 3, 18)]),
        ("invalid-day.xml", [Finding("WF051", 3, 26)]),
        ("invalid-cron.xml", [Finding("WF052", 3, 26)]),
        ("unknown-timezone.xml", [Finding("WF053", 2, 40)]),
        ("every-both-units.xml", [Finding("WF054", 3, 5)]),
        ("undeclared-parameter.xml", [Finding("WF060", 3, 51)]),
        ("unused-parameter.xml", [Finding("WF061", 2, 3)]),
        ("parameter-default-type.xml", [Finding("WF062", 2, 3)]),
        ("grammar-missing-attribute.xml", [Finding("WF010", 3, 3)]),
        ("not-a-workflow.xml", [Finding("WF011", 1, 1)]),
        ("several-problems.xml", [Finding("WF026", 5, 18), Finding("WF040", 5, 49), Finding("WF021", 8, 71), Finding("WF022", 9, 3)]),
        ("cycle-through-wait.xml", []),
    ]

    @Test(arguments: cases)
    func reportsExactly(fixture: String, expected: [Finding]) {
        let outcome = Fixtures.load("lint/\(fixture)")
        #expect(outcome.diagnostics.map(Finding.init) == expected)
        #expect(outcome.diagnostics.allSatisfy { $0.location.file.hasSuffix("lint/\(fixture)") })
    }

    @Test func severitiesFollowTheCode() {
        #expect(Fixtures.load("lint/unreachable-activity.xml").diagnostics.first?.severity == .warning)
        #expect(Fixtures.load("lint/unused-parameter.xml").diagnostics.first?.severity == .warning)
        #expect(Fixtures.load("lint/dangling-transition.xml").diagnostics.first?.severity == .error)
    }

    @Test func messagesSayWhatToDo() {
        func message(_ fixture: String) -> String? { Fixtures.load("lint/\(fixture)").diagnostics.first?.message }
        #expect(message("dangling-transition.xml") == "<next> goes to 'dne', which is not an activity of this workflow; did you mean 'done'?")
        #expect(Fixtures.load("lint/upsert-end-missing-without-seen-run.xml").diagnostics.map(\.message) == [
            "endMissing needs data schema 'visitor' to have an integer column seen_run (which run last wrote each row); add <column name=\"seen_run\" type=\"integer\"/>",
            "keep: data schema 'visitor' has no column 'foldr'; did you mean 'folder'?",
        ])
        #expect(message("upsert-key-not-unique.xml") == "key=\"username\" is not a unique key of 'visitor', so an upsert could match several rows; use \"origin external_id\"")
        #expect(message("removed-insights-metric.xml") == "metrics=\"page_follows page_fans\": 'page_fans' was removed from the API; use page_follows")
        #expect(message("unknown-resource-parameter.xml") == "x followers has no parameter 'pagesize'; did you mean 'pageSize'?")
        #expect(message("unbroken-cycle.xml") == "the loop check → again → check has no <wait> or <scheduler> and would run forever; add a <wait> to the loop or remove a transition")
        #expect(message("grammar-missing-attribute.xml") == "<fetch>: the attribute 'connector' is required but missing")
        #expect(message("join-one-input.xml") == "join 'meet' has 1 incoming transition; a join waits for several branches, so give it at least two or remove it")
    }

    @Test func lintRunsOnlyOnGrammarValidFiles() {
        // A grammar error stops before lint: its diagnostics are the grammar's alone.
        let outcome = Fixtures.load("lint/grammar-missing-attribute.xml")
        #expect(outcome.workflow == nil)
        #expect(outcome.diagnostics.allSatisfy { $0.code == .grammar })
    }
}
