import Testing
import WorkflowModel
import WorkflowXML

/// `publish` as `validate` checks it: the connector's actions (Facebook has no DMs, and says
/// why), a literal text against the network's limit counted its way, and the attributes only a
/// DM takes.
@Suite struct PublishLintTests {
    static func workflow(_ publish: String) -> String {
        """
        <workflow xmlns="urn:wfrun:workflow:1" name="announce">
          <start name="begin"><next to="send"/></start>
          \(publish)
          <end name="done"/>
        </workflow>
        """
    }

    static func findings(_ publish: String) -> [Diagnostic] {
        Fixtures.load(text: workflow(publish)).diagnostics
    }

    @Test func aPostAndADirectMessageValidate() {
        #expect(Self.findings(#"<publish name="send" connector="x" action="post" service="wfrun_demo" text="'Our spring sale starts today'" link="'https://example.com/spring'"><next to="done"/></publish>"#).isEmpty)
        #expect(Self.findings(#"<publish name="send" connector="x" action="dm" service="wfrun_demo" text="concat('Hi ', full_name)" perDay="500"><next to="done"/></publish>"#).isEmpty)
        #expect(Self.findings(#"<publish name="send" connector="facebook" action="post" service="page" text="'News'" link="'https://example.com'"><next to="done"/></publish>"#).isEmpty)
    }

    @Test func facebookRefusesDirectMessagesAndSaysWhy() {
        let found = Self.findings(#"<publish name="send" connector="facebook" action="dm" service="page" text="'Hi'"><next to="done"/></publish>"#)
        #expect(found.map(Finding.init) == [Finding("WF031", 3, 53)])
        #expect(found.first?.message == "Facebook pages cannot send 'dm': the Messenger platform lets a page message only people who wrote to it first, so wfrun cannot send messages to a page's fans; publish a post instead")
    }

    @Test func anUnknownActionIsAGrammarError() {
        let found = Self.findings(#"<publish name="send" connector="x" action="tweet" service="s" text="'Hi'"><next to="done"/></publish>"#)
        #expect(found.map(\.code.rawValue) == ["WF010"])
    }

    /// 270 ASCII characters and a URL (23 whatever its length) is 294 > 280; CJK weighs 2.
    @Test func aLiteralTextOverTheLimitIsCountedAsXCountsIt() {
        let long = String(repeating: "a", count: 270)
        let found = Self.findings(#"<publish name="send" connector="x" action="post" service="s" text="'\#(long)'" link="'https://example.com/a/very/long/path/that/counts/as/twenty/three'"><next to="done"/></publish>"#)
        #expect(found.map(Finding.init) == [Finding("WF035", 3, 70)])
        #expect(found.first?.message == "X (Twitter) post: the text is 294 long as X counts it (URLs 23, emoji and CJK 2), over the limit of 280")
        let cjk = String(repeating: "日", count: 141)
        #expect(Self.findings(#"<publish name="send" connector="x" action="post" service="s" text="'\#(cjk)'"><next to="done"/></publish>"#).map(\.code.rawValue) == ["WF035"])
        let fits = String(repeating: "日", count: 140)
        #expect(Self.findings(#"<publish name="send" connector="x" action="post" service="s" text="'\#(fits)'"><next to="done"/></publish>"#).isEmpty)
    }

    @Test func aPostTakesNoRecipientNorPerDay() {
        let found = Self.findings(#"<publish name="send" connector="x" action="post" service="s" text="'Hi'" perDay="10"><next to="done"/></publish>"#)
        #expect(found.map(Finding.init) == [Finding("WF036", 3, 76)])
        #expect(found.first?.message == "perDay applies to action=\"dm\" only; a post has no recipients")
    }

    @Test func perDayIsBounded() {
        let found = Self.findings(#"<publish name="send" connector="x" action="dm" service="s" text="'Hi'" perDay="99999999999999999999999"><next to="done"/></publish>"#)
        #expect(found.map(\.code.rawValue) == ["WF070"])
    }
}
