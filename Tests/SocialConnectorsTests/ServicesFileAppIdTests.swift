import Foundation
import Testing

@testable import SocialConnectors

/// `appId="…"`: the Facebook app that signs people in on the consent pages, read on Facebook
/// services and refused, with its location, on X services.
@Suite struct ServicesFileAppIdTests {
    func load(_ text: String) throws(ServicesFileError) -> ServiceDirectory {
        try ServicesFile.load(text: text, file: "services.xml")
    }

    @Test func aFacebookServiceReadsItsAppId() throws {
        let directory = try load("""
            <services xmlns="urn:wfrun:services:1">
              <service name="acmepage" type="facebook" pageId="123" appId="880100200300001">
                <pageAccessToken env="T"/> <appSecret env="S"/>
              </service>
              <service name="otherpage" type="facebook" pageId="456">
                <pageAccessToken env="T"/>
              </service>
            </services>
            """)
        #expect(directory["acmepage"]?.appId == "880100200300001")
        #expect(directory["otherpage"].map { $0.appId == nil } == true)
    }

    @Test func anXServiceRefusesAnAppIdWithItsLocation() {
        let text = """
            <services xmlns="urn:wfrun:services:1">
              <service name="acme" type="twitter" appId="880100200300001">
                <consumerKey env="A"/><consumerSecret env="B"/><accessToken env="C"/><accessTokenSecret env="D"/>
              </service>
            </services>
            """
        do {
            _ = try load(text)
            Issue.record("an appId on an X service was accepted")
        } catch {
            #expect(
                error.description
                    == "services.xml:2:39: error: appId applies to Facebook services only (X sign-in uses the consumer key); remove it from X service 'acme'")
        }
    }

    @Test func theServiceInitializerTakesAnAppId() {
        let service = Service(name: "acmepage", type: .facebook, pageId: "123", appId: "42")
        #expect(service.appId == "42")
        #expect(Service(name: "acme", type: .twitter).appId == nil)
    }
}
