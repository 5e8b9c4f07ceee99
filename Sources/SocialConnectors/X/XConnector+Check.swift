import Foundation
import WorkflowEngine

extension XConnector {
    /// Checks one service for `wfrun services check`: can X be reached, are the credentials
    /// accepted, whose account they are, and whether the service is named after it. A rate
    /// limit longer than `limits.maxWait` is reported, not waited out.
    public func check(_ service: Service, clock: any EngineClock = SystemClock()) async -> ServiceCheck {
        var result = ServiceCheck(service: service.name, type: .twitter, reachable: false)
        let reader: XServiceReader
        do {
            reader = try self.reader(for: service, clock: clock)
        } catch {
            result.credentialsValid = false
            result.problem = error.message
            return result
        }
        do {
            let account = try await reader.account()
            result.reachable = true
            result.credentialsValid = true
            result.account = account.username
            let matches = service.name.caseInsensitiveCompare(account.username) == .orderedSame
            result.nameMatches = matches
            if !matches {
                result.problem = "the service is named '\(service.name)' but its credentials are those of @\(account.username); X services must be named after their account: rename it to \(account.username) or use that account's credentials"
            }
        } catch let failure as ConnectorFailure {
            result.reachable = failure.status != nil
            if let status = failure.status, status == 401 || status == 403 { result.credentialsValid = false }
            result.problem = failure.message
        } catch let pause as RunPause {
            result.reachable = true
            result.problem = pause.reason
        } catch {
            result.problem = "\(service.displayName): \(error)"
        }
        return result
    }
}
