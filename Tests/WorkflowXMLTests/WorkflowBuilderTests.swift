import Testing
import WorkflowModel
import WorkflowXML

/// The model built from a file: activities, transitions, settings, policies and expressions.
@Suite struct WorkflowBuilderTests {
    static let text = """
        <workflow xmlns="urn:wfrun:workflow:1" name="demo" label="Demo" maxConsecutiveErrors="3">
          <description> Shows the model. </description>
          <parameter name="minFollowers" type="integer" default="10" label="Minimum"/>
          <scheduler name="schedule" timezone="Europe/Paris">
            <weekly days="thursday" time="07:30"/>
            <next to="read"/>
          </scheduler>
          <fetch name="read" connector="x" resource="followers" services="synchronized" pageSize="200" errorPolicy="ignore">
            <retry count="3" backoff="30s" cap="10m"/>
            <next to="keep"/>
            <onError to="done"/>
          </fetch>
          <filter name="keep" condition="public_metrics.followers_count >= param('minFollowers')"><next to="done"/></filter>
          <end name="done"/>
        </workflow>
        """

    @Test func buildsTheWholeDefinition() throws {
        let outcome = Fixtures.load(text: Self.text, file: "demo.xml")
        #expect(outcome.diagnostics.isEmpty)
        let workflow = try #require(outcome.workflow)
        #expect(workflow.name == "demo")
        #expect(workflow.label == "Demo")
        #expect(workflow.summary == "Shows the model.")
        #expect(workflow.maxConsecutiveErrors == 3)
        #expect(workflow.parameters.map(\.name) == ["minFollowers"])
        #expect(workflow.parameters.first?.type == .integer)
        #expect(workflow.parameters.first?.defaultValue == "10")
        #expect(workflow.activities.map(\.name) == ["schedule", "read", "keep", "done"])
        #expect(workflow.activities.map(\.kind) == [.scheduler, .fetch, .filter, .end])
    }

    @Test func keepsConfigurationTransitionsAndPolicy() throws {
        let workflow = try #require(Fixtures.load(text: Self.text, file: "demo.xml").workflow)
        let fetch = try #require(workflow.activity(named: "read"))
        #expect(fetch["connector"] == "x")
        #expect(fetch["pageSize"] == "200")
        #expect(fetch.attributes["name"] == nil)
        #expect(fetch.errorPolicy.outcome == .ignore)
        #expect(fetch.errorPolicy.retry?.count == 3)
        #expect(fetch.errorPolicy.retry?.backoff.milliseconds == 30_000)
        #expect(fetch.errorPolicy.retry?.cap?.milliseconds == 600_000)
        #expect(fetch.transitions.map(\.kind) == [.next, .onError])
        #expect(fetch.transitions.map(\.target) == ["keep", "done"])
        #expect(fetch.location == SourceLocation(file: "demo.xml", line: 8, column: 3))
        #expect(fetch.attributes["pageSize"]?.location == SourceLocation(file: "demo.xml", line: 8, column: 81))
        #expect(fetch.attributes["pageSize"]?.valueLocation == SourceLocation(file: "demo.xml", line: 8, column: 91))

        let schedule = try #require(workflow.activity(named: "schedule"))
        #expect(schedule.settings.map(\.element) == ["weekly"])
        #expect(schedule.settings.first?["days"] == "thursday")
    }

    @Test func parsesExpressionsAtLoadTime() throws {
        let workflow = try #require(Fixtures.load(text: Self.text, file: "demo.xml").workflow)
        let condition = try #require(workflow.activity(named: "keep")?.attributes["condition"]?.expression)
        #expect(condition.parameterReferences.map(\.name) == ["minFollowers"])
        #expect(condition.fieldPaths == [["public_metrics", "followers_count"]])
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let text = """
            <workflow xmlns="urn:wfrun:workflow:1" name="accents" label="Œuvre à étudier">
              <start name="begin" label="Début"><next to="fin"/></start>
              <log name="say" label="Ünïcödé" message="lowr('é')"><next to="fin"/></log>
              <end name="fin"/>
            </workflow>
            """
        let diagnostics = Fixtures.load(text: text).diagnostics
        // The function name starts at column 44 counted in characters (it is byte 48).
        #expect(diagnostics.map(Finding.init).contains(Finding("WF041", 3, 44)))
    }
}
