import Testing
import WorkflowModel
import WorkflowXML

@Suite struct GraphRendererTests {
    static let text = """
        <workflow xmlns="urn:wfrun:workflow:1" name="g" label="Say &quot;hi&quot;">
          <start name="begin"><next to="check"/></start>
          <test name="check" condition="true"><then to="say"/><else to="done"/><onError to="done"/></test>
          <log name="say" message="'hi'"><next to="done"/></log>
          <end name="done"/>
        </workflow>
        """

    @Test func dotLabelsEdgesByKindAndDashesErrors() throws {
        let workflow = try #require(Fixtures.load(text: Self.text).workflow)
        #expect(GraphRenderer.render(workflow, as: .dot) == #"""
            digraph "g" {
              label="Say \"hi\""; labelloc=t; fontname="Helvetica";
              node [shape=box, style=rounded, fontname="Helvetica"];
              edge [fontname="Helvetica", fontsize=10];
              "begin" [label="begin\nstart", shape=oval];
              "check" [label="check\ntest", shape=diamond];
              "say" [label="say\nlog", shape=box];
              "done" [label="done\nend", shape=doublecircle];
              "begin" -> "check" [label="next"];
              "check" -> "say" [label="then"];
              "check" -> "done" [label="else"];
              "check" -> "done" [label="onError", style=dashed, color="#b22222", fontcolor="#b22222"];
              "say" -> "done" [label="next"];
            }
            """#)
    }

    @Test func mermaidUsesDottedArrowsForErrors() throws {
        let workflow = try #require(Fixtures.load(text: Self.text).workflow)
        #expect(GraphRenderer.render(workflow, as: .mermaid) == """
            flowchart TD
              a0(["begin<br/><i>start</i>"])
              a1{"check<br/><i>test</i>"}
              a2["say<br/><i>log</i>"]
              a3(("done<br/><i>end</i>"))
              a0 -->|next| a1
              a1 -->|then| a2
              a1 -->|else| a3
              a1 -.->|onError| a3
              a2 -->|next| a3
            """)
    }
}
