import Foundation
import Testing

@testable import SocialConnectors

/// Secrets: read from the environment or an owner-only file, never shown.
@Suite struct ServicesSecretTests {
    func temporaryFile(_ content: String, mode: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wfrun-secret-\(UUID().uuidString)").path
        try content.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func anEnvironmentSecretIsReadFromTheGivenEnvironment() throws {
        let secret = Secret(.environment("ACME_X_CONSUMER_KEY"))
        #expect(try secret.reveal(environment: ["ACME_X_CONSUMER_KEY": "ck-123"]) == "ck-123")
        #expect(throws: SecretError.environmentUnset("ACME_X_CONSUMER_KEY")) { try secret.reveal(environment: [:]) }
        #expect(SecretError.environmentUnset("ACME_X_CONSUMER_KEY").description == "environment variable ACME_X_CONSUMER_KEY is not set: export it before running wfrun")
        #expect(throws: SecretError.environmentEmpty("ACME_X_CONSUMER_KEY")) { try secret.reveal(environment: ["ACME_X_CONSUMER_KEY": ""]) }
    }

    @Test func anOwnerOnlyFileIsReadWithoutItsTrailingNewline() throws {
        let path = try temporaryFile("s3cret-value\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Secret(.file(path)).reveal() == "s3cret-value")
        let stricter = try temporaryFile("other", mode: 0o400)
        defer { try? FileManager.default.removeItem(atPath: stricter) }
        #expect(try Secret(.file(stricter)).reveal() == "other")
    }

    @Test func aFileOthersCanReadIsRefusedWithTheFix() throws {
        for mode in [0o644, 0o640, 0o604, 0o660] {
            let path = try temporaryFile("s3cret-value\n", mode: mode)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try Secret(.file(path)).reveal()
                Issue.record("mode \(String(mode, radix: 8)) accepted")
            } catch {
                #expect(error == .filePermissions(path, mode: mode))
                #expect(error.description == "secret file \(path) is readable by others (mode \(String(mode, radix: 8))): run chmod 600 \(path)")
                #expect(!error.description.contains("s3cret"))
            }
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: SecretError.fileUnreadable("/nonexistent/key", reason: "No such file or directory")) {
            try Secret(.file("/nonexistent/key")).reveal()
        }
    }

    @Test func printingASecretNeverShowsItsValue() {
        #expect(Secret(.environment("ACME_X_CONSUMER_KEY")).description == "$ACME_X_CONSUMER_KEY")
        #expect(Secret(.file("/etc/wfrun/key")).description == "file /etc/wfrun/key")
        #expect(Secret(.value("s3cret")).description == "(inline)")
        #expect(!"\(Secret(.value("s3cret")))".contains("s3cret"))
    }
}
