import Foundation
import Testing
import WorkflowEngine
@testable import WorkflowStore

/// Reading `postgres://` URLs, hiding their passwords, and failing fast without a server.
@Suite("PostgreSQL location")
struct PostgresLocationTests {
    @Test func readsTCPURL() throws {
        let location = try PostgresLocation(url: "postgresql://wfrun:s%40cret@db.internal:6543/prod?sslmode=require")
        #expect(location.host == "db.internal")
        #expect(location.port == 6543)
        #expect(location.username == "wfrun")
        #expect(location.password == "s@cret")
        #expect(location.database == "prod")
        #expect(location.tlsMode == .require)
        #expect(location.socketPath == nil)
        #expect(location.redacted == "postgresql://wfrun:***@db.internal:6543/prod?sslmode=require")
    }

    @Test func readsSocketURLs() throws {
        let query = try PostgresLocation(url: "postgres://postgres@/wfrun_test?host=/tmp/wfrun-pg-sock&port=54329")
        #expect(query.socketPath == "/tmp/wfrun-pg-sock/.s.PGSQL.54329")
        #expect(query.host == nil)
        let encoded = try PostgresLocation(url: "postgres://postgres@%2Ftmp%2Fwfrun-pg-sock:54329/wfrun_test")
        #expect(encoded.socketPath == "/tmp/wfrun-pg-sock/.s.PGSQL.54329")
        #expect(encoded.database == "wfrun_test")
    }

    @Test(arguments: [
        ("postgres://u:pw@h/db", "postgres://u:***@h/db"),
        ("postgres://u@h/db", "postgres://u@h/db"),
        ("postgres://u:p:w@h:1/db?x=1", "postgres://u:***@h:1/db?x=1"),
        ("postgres://u@h/db?password=pw&sslmode=disable", "postgres://u@h/db?password=***&sslmode=disable"),
        ("postgres://u:p@w@h/db", "postgres://u:***@h/db"),
        ("not a url:pw@", "not a url:pw@"),
    ])
    func redactsPasswords(url: String, redacted: String) {
        #expect(PostgresLocation.redact(url) == redacted)
    }

    @Test(arguments: [
        "postgres://h/db",
        "postgres://u@/db",
        "postgres://u:pw@h/db?sslmode=sometimes",
        "postgres://u:pw@h:notaport/db",
    ])
    func refusesIncompleteURLs(url: String) async {
        do {
            let store = try await PostgresStore.open(url: url)
            try? await store.close()
            Issue.record("opened \(url)")
        } catch .cannotOpen(let location, let reason) {
            #expect(!location.contains("pw"))
            #expect(!reason.contains("pw"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// Nothing listens on port 1: the store says so (a refused connection is not retried), without the password.
    @Test func unreachableServerFailsFast() async {
        do {
            let store = try await StoreFactory.open("postgres://nobody:hunter2@127.0.0.1:1/x")
            try? await store.close()
            Issue.record("opened a server that does not exist")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("cannot open the store at postgres://nobody:***@127.0.0.1:1/x: cannot connect to 127.0.0.1:1 (connection refused)"))
            #expect(!message.contains("hunter2"))
        }
    }

    @Test func factoryRecognisesURLs() {
        #expect(StoreFactory.isPostgres("postgres://u@h/db"))
        #expect(StoreFactory.isPostgres("POSTGRESQL://u@h/db"))
        #expect(!StoreFactory.isPostgres("wfrun.sqlite"))
        #expect(!StoreFactory.isPostgres("./postgres/wfrun.sqlite"))
    }
}
