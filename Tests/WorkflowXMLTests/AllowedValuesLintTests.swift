import Testing
import WorkflowModel
import WorkflowXML

/// A `map` that writes a literal outside a column's allowed `values` is refused at validate time
/// (WF029), at the literal; computed values are left to the store, which checks every record.
@Suite struct AllowedValuesLintTests {
    @Test func aLiteralOutsideTheAllowedValuesIsReportedAtTheLiteral() {
        let diagnostics = Fixtures.load("lint/map-value-not-allowed.xml").diagnostics
        #expect(diagnostics.map(Finding.init) == [Finding("WF029", 5, 33)])
        #expect(diagnostics.map(\.message) == [
            "'Myspace' is not an allowed value of visitor.origin; the allowed values are Twitter, Facebook"
        ])
        #expect(diagnostics.first?.severity == .error)
    }

    @Test func allowedLiteralsAndComputedValuesPass() {
        let outcome = Fixtures.load(text: """
            <workflow xmlns="urn:wfrun:workflow:1" name="fine">
              <start name="begin"><next to="read"/></start>
              <fetch name="read" connector="file" resource="records" path="people.csv"><next to="shape"/></fetch>
              <map name="shape">
                <field name="origin" value="'Facebook'"/>
                <field name="external_id" value="id"/>
                <field name="folder" value="'Myspace'"/>
                <next to="save"/>
              </map>
              <map name="other" schema="visitor">
                <field name="origin" value="network"/>
                <field name="external_id" value="id"/>
              </map>
              <upsert name="save" schema="visitor" key="origin external_id"><next to="done"/></upsert>
              <end name="done"/>
            </workflow>
            """)
        #expect(outcome.diagnostics.filter { $0.code == .valueNotAllowed }.isEmpty, "\(outcome.diagnostics)")
    }
}
