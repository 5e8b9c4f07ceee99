import Testing
import WorkflowModel
import WorkflowXML

@Suite struct DiagnosticRendererTests {
    @Test func textShowsTheLineAndACaret() {
        let source = SourceText(file: "w.xml", bytes: Array("<a>\n  <next to=\"dne\"/>\n</a>\n".utf8))
        let diagnostic = Diagnostic(.unknownTransitionTarget, "goes nowhere", at: SourceLocation(file: "w.xml", line: 2, column: 9))
        #expect(DiagnosticRenderer.text(diagnostic, source: source) == """
            w.xml:2:9: error: goes nowhere [WF021]
             2 |   <next to="dne"/>
               |         ^
            """)
    }

    @Test func textWithoutSourceIsOneLine() {
        let diagnostic = Diagnostic(.unreadableFile, "x.xml does not exist; check the path", at: SourceLocation(file: "x.xml", line: 1, column: 1))
        #expect(DiagnosticRenderer.text(diagnostic, source: nil) == "x.xml:1:1: error: x.xml does not exist; check the path [WF001]")
    }

    @Test func githubAnnotationEscapesItsProperties() {
        let diagnostic = Diagnostic(
            .unreachableActivity, "100% unreachable\nreally", at: SourceLocation(file: "dir,a:b.xml", line: 4, column: 2))
        #expect(DiagnosticRenderer.github(diagnostic) == "::warning file=dir%2Ca%3Ab.xml,line=4,col=2,title=WF022::100%25 unreachable%0Areally")
    }

    @Test func aHugeLineIsShownCut() {
        let line = "<w a=\"" + String(repeating: "x", count: 100_000) + "\"/>"
        let source = SourceText(file: "big.xml", bytes: Array(line.utf8))
        let diagnostic = Diagnostic(.parserLimit, "too long", at: SourceLocation(file: "big.xml", line: 1, column: 6))
        #expect(DiagnosticRenderer.text(diagnostic, source: source).count < 600)
    }
}
