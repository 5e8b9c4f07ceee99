import Foundation
import Testing
import WorkflowXML

@testable import SocialConnectors

/// Reading services files: every field, the defaults, and a located, actionable message for
/// each mistake.
@Suite struct ServicesFileTests {
    static let valid = """
        <services xmlns="urn:wfrun:services:1">
          <service name="acme" type="twitter" label="ACME on X" apiVersion="1.1" baseURL="https://api.x.com" visitorFolder="Visitors" syncSubscriptions="true" test="false">
            <consumerKey env="ACME_X_CONSUMER_KEY"/> <consumerSecret env="ACME_X_CONSUMER_SECRET"/>
            <accessToken env="ACME_X_ACCESS_TOKEN"/> <accessTokenSecret file="/etc/wfrun/acme-token-secret"/>
          </service>
          <service name="acme_news" type="twitter">
            <accessTokenSecret env="D"/><accessToken env="C"/><consumerSecret env="B"/><consumerKey env="A"/>
          </service>
          <service name="acmepage" type="facebook" pageId="123" label="ACME page" visitorFolder="Fans">
            <pageAccessToken env="ACME_FB_TOKEN"/> <appSecret env="ACME_FB_APP_SECRET"/>
          </service>
        </services>
        """

    func load(_ text: String) throws(ServicesFileError) -> ServiceDirectory {
        try ServicesFile.load(text: text, file: "services.xml")
    }

    func problems(_ text: String) -> String {
        do {
            _ = try load(text)
            return "(no error)"
        } catch {
            return error.description
        }
    }

    /// A file with one service element whose opening tag is `tag` and content `content`.
    func file(_ tag: String, _ content: String = "") -> String {
        "<services xmlns=\"urn:wfrun:services:1\">\n  \(tag)\n\(content)  </service>\n</services>\n"
    }

    static let xSecrets = "    <consumerKey env=\"A\"/><consumerSecret env=\"B\"/><accessToken env=\"C\"/><accessTokenSecret env=\"D\"/>\n"

    @Test func everyFieldIsRead() throws {
        let directory = try load(Self.valid)
        #expect(directory.services.map(\.name) == ["acme", "acme_news", "acmepage"])
        let acme = try #require(directory["acme"])
        #expect(acme.type == .twitter)
        #expect(acme.label == "ACME on X")
        #expect(acme.apiVersion == .v1_1)
        #expect(acme.baseURL.absoluteString == "https://api.x.com")
        #expect(acme.visitorFolder == "Visitors")
        #expect(acme.syncSubscriptions)
        #expect(!acme.test)
        #expect(acme.pageId == nil)
        #expect(acme.secrets["consumerKey"] == Secret(.environment("ACME_X_CONSUMER_KEY")))
        #expect(acme.secrets["accessTokenSecret"] == Secret(.file("/etc/wfrun/acme-token-secret")))
        #expect(acme.location == "services.xml:2:3")
        let page = try #require(directory["acmepage"])
        #expect(page.type == .facebook)
        #expect(page.pageId == "123")
        #expect(page.baseURL.absoluteString == "https://graph.facebook.com/v24.0")
        #expect(page.secrets.keys.sorted() == ["appSecret", "pageAccessToken"])
    }

    @Test func defaultsApply() throws {
        let news = try #require(try load(Self.valid)["acme_news"])
        #expect(news.label == "acme_news")
        #expect(news.apiVersion == .v2)
        #expect(news.baseURL.absoluteString == "https://api.x.com")
        #expect(news.visitorFolder == nil)
        #expect(!news.syncSubscriptions)
        #expect(!news.test)
        #expect(news.secrets.count == 4)
    }

    @Test func anEmptyServicesElementIsAnEmptyDirectory() throws {
        #expect(try load("<services xmlns=\"urn:wfrun:services:1\"/>").services.isEmpty)
    }

    @Test func duplicateNamesAreLocated() {
        let text = file("<service name=\"acme\" type=\"twitter\">", Self.xSecrets)
            .replacingOccurrences(of: "</services>", with: "  <service name=\"ACME\" type=\"twitter\">\n\(Self.xSecrets)  </service>\n</services>")
        #expect(problems(text) == "services.xml:5:18: error: service name 'ACME' is already used at line 2; give each service its own name")
    }

    @Test func aFacebookServiceNeedsAPageId() {
        #expect(problems(file("<service name=\"page\" type=\"facebook\">", "    <pageAccessToken env=\"T\"/>\n"))
            == "services.xml:2:3: error: Facebook service 'page' has no pageId; add pageId=\"…\" with the page's numeric id")
    }

    @Test func anXServiceNeedsItsFourSecrets() {
        #expect(problems(file("<service name=\"acme\" type=\"twitter\">", "    <consumerKey env=\"A\"/>\n"))
            == "services.xml:2:3: error: X service 'acme' lacks secrets: add <consumerSecret env=\"…\"/>, <accessToken env=\"…\"/>, <accessTokenSecret env=\"…\"/>")
    }

    @Test func anXServiceIsNamedAfterAScreenName() {
        #expect(problems(file("<service name=\"acme.corp\" type=\"twitter\">", Self.xSecrets))
            == "services.xml:2:18: error: 'acme.corp' is not an X screen name (1 to 15 letters, digits or '_'); name the service after its X account")
        #expect(problems(file("<service name=\"a_very_long_screen_name\" type=\"twitter\">", Self.xSecrets)).contains("is not an X screen name"))
    }

    @Test func aSecretIsEitherAnEnvironmentVariableOrAFile() {
        let both = Self.xSecrets.replacingOccurrences(of: "<consumerKey env=\"A\"/>", with: "<consumerKey env=\"A\" file=\"/k\"/>")
        #expect(problems(file("<service name=\"acme\" type=\"twitter\">", both))
            == "services.xml:3:26: error: <consumerKey> has both env and file; keep one of them")
        let neither = Self.xSecrets.replacingOccurrences(of: "<consumerKey env=\"A\"/>", with: "<consumerKey/>")
        #expect(problems(file("<service name=\"acme\" type=\"twitter\">", neither))
            == "services.xml:3:5: error: <consumerKey> says neither where nor how to read it; write env=\"VARIABLE\" or file=\"PATH\"")
    }

    @Test func secretsOfTheOtherNetworkAreRefused() {
        #expect(problems(file("<service name=\"acme\" type=\"twitter\">", Self.xSecrets + "    <appSecret env=\"S\"/>\n"))
            == "services.xml:4:5: error: <appSecret> is a facebook secret; a twitter service takes <consumerKey>, <consumerSecret>, <accessToken>, <accessTokenSecret>")
    }

    @Test func grammarErrorsAreLocatedAndReadable() {
        #expect(problems(file("<service name=\"acme\" type=\"mastodon\">", Self.xSecrets))
            == "services.xml:2:24: error: <service> attribute 'type': the value 'mastodon' is not an element of the set {'twitter', 'facebook'}")
        #expect(problems(file("<service name=\"acme\" type=\"twitter\" apiVersion=\"3\">", Self.xSecrets)).hasPrefix("services.xml:2:39: error: <service> attribute 'apiVersion'"))
        #expect(problems(file("<service name=\"acme\" type=\"twitter\" colour=\"red\">", Self.xSecrets))
            == "services.xml:2:39: error: <service> attribute 'colour': the attribute 'colour' is not allowed")
    }

    @Test func theWrongRootIsExplained() {
        #expect(problems("<workflow xmlns=\"urn:wfrun:workflow:1\" name=\"w\"/>")
            == "services.xml:1:1: error: the root element is <workflow>, so this is not a wfrun services file; it starts with <services xmlns=\"urn:wfrun:services:1\">")
        #expect(problems("<services/>")
            == "services.xml:1:1: error: <services> is not in the services file namespace (it is in none); write <services xmlns=\"urn:wfrun:services:1\">")
    }

    @Test func aDoctypeIsRefusedLikeInWorkflows() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE services [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<services xmlns=\"urn:wfrun:services:1\"/>"
        #expect(problems(text) == "services.xml:2:1: error: DOCTYPE declarations are not allowed in services files (entities and external DTDs are refused for safety); remove the <!DOCTYPE …> declaration")
    }

    @Test func anEmptyFileSaysHowAServicesFileStarts() {
        #expect(problems("  \n") == "services.xml:1:1: error: the file is empty; a services file starts with <services xmlns=\"urn:wfrun:services:1\">")
    }

    @Test func aMissingFileIsReported() {
        do {
            _ = try ServicesFile.load(path: "/nonexistent/services.xml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nonexistent/services.xml:1:1: error: /nonexistent/services.xml does not exist; check the path")
        }
    }

    @Test func theEmbeddedGrammarIsSchemasServicesXsd() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = try String(contentsOf: root.appendingPathComponent("Schemas/services.xsd"), encoding: .utf8)
        #expect(XMLLanguage.servicesXSD + "\n" == file, "rerun Scripts/embed-schemas.sh")
    }
}
