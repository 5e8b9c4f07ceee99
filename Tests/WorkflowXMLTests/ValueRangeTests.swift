import Testing
import WorkflowModel
import WorkflowXML

/// WF070: durations and counts a workflow gives are bounded when it is validated, so that a
/// workflow that validates never overflows a clock or a counter when it runs.
@Suite struct ValueRangeTests {
    @Test func everyValuePastItsLimitIsReportedWhereItIsWritten() {
        let outcome = Fixtures.load("range/out-of-range.xml")
        #expect(outcome.diagnostics.map(Finding.init) == [
            Finding("WF070", 1, 74), Finding("WF070", 3, 21), Finding("WF070", 6, 32), Finding("WF070", 7, 43),
            Finding("WF070", 8, 46), Finding("WF070", 9, 19), Finding("WF070", 9, 33), Finding("WF070", 9, 61),
        ])
        #expect(outcome.diagnostics.map(\.message) == [
            "maxConsecutiveErrors=\"99999999999999999999\" is out of range; write a whole number from 1 to 1000000",
            "minutes=\"525601\" is out of range; write a whole number from 1 to 525600",
            "duration=\"…\": '1000000d' is longer than 365d, the longest duration wfrun accepts; write a shorter one",
            "timeout=\"…\": '366d' is longer than 365d, the longest duration wfrun accepts; write a shorter one",
            "limit=\"1000000001\" is out of range; write a whole number from 1 to 1000000000",
            "count=\"101\" is out of range; write a whole number from 1 to 100",
            "backoff=\"…\": '99999999999999999999d' is longer than 365d, the longest duration wfrun accepts; write a shorter one",
            "cap=\"…\": '8784h' is longer than 365d, the longest duration wfrun accepts; write a shorter one",
        ])
        #expect(outcome.diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test func valuesAtTheLimitsAreAccepted() throws {
        let outcome = Fixtures.load("range/at-the-limits.xml")
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
        let workflow = try #require(outcome.workflow)
        #expect(workflow.maxConsecutiveErrors == 1_000_000)
        let retry = try #require(workflow.activities.first { $0.name == "rows" }?.errorPolicy.retry)
        #expect(retry.count == 100)
        #expect(retry.backoff == WorkflowDuration.maximum)
        #expect(retry.cap == WorkflowDuration.maximum)
    }

    @Test("integer resource parameters are checked against the connector's range", arguments: [
        ("facebook", "posts", "pageSize", "500", "expected a whole number from 1 to 100"),
        ("facebook", "fans", "posts", "1001", "expected a whole number from 1 to 1000"),
        ("facebook", "posts", "pageSize", "0", "expected a whole number from 1 to 100"),
        ("x", "followers", "pageSize", "0", "expected a whole number of at least 1"),
        ("x", "followers", "pageSize", "99999999999999999999", "expected a whole number"),
    ])
    func resourceParameterRange(connector: String, resource: String, parameter: String, value: String, problem: String) {
        let outcome = Fixtures.load(text: """
            <workflow xmlns="urn:wfrun:workflow:1" name="ranged">
              <start name="begin"><next to="read"/></start>
              <fetch name="read" connector="\(connector)" resource="\(resource)" \(parameter)="\(value)"><next to="done"/></fetch>
              <end name="done"/>
            </workflow>
            """)
        let column = 49 + connector.count + resource.count + parameter.count
        #expect(outcome.diagnostics.map(Finding.init) == [Finding("WF034", 3, column)])
        #expect(outcome.diagnostics.map(\.message) == ["\(parameter)=\"\(value)\": \(problem)"])
    }

    @Test func resourceParametersWithinTheirRangeAreAccepted() {
        let outcome = Fixtures.load(text: """
            <workflow xmlns="urn:wfrun:workflow:1" name="ranged">
              <start name="begin"><next to="read"/></start>
              <fetch name="read" connector="facebook" resource="posts" pageSize="100"><next to="done"/></fetch>
              <end name="done"/>
            </workflow>
            """)
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
    }

    @Test("the grammar's spellings of a positive integer are read as numbers", arguments: ["+3", "003", " 3 "])
    func retryCountSpellings(count: String) throws {
        let outcome = Fixtures.load(text: """
            <workflow xmlns="urn:wfrun:workflow:1" name="spelled">
              <start name="begin"><next to="rows"/></start>
              <query name="rows" schema="visitor"><retry count="\(count)" backoff="1s"/><next to="done"/></query>
              <end name="done"/>
            </workflow>
            """)
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
        #expect(outcome.workflow?.activities.first { $0.name == "rows" }?.errorPolicy.retry?.count == 3)
    }
}
