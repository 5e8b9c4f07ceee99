import SocialEmulator
import Testing

/// Reading `--rate-limit` and `--faults` specifications.
struct EmulatorConfigurationTests {
    @Test(arguments: [("15/15m", 15, 900.0), ("50/1s", 50, 1.0), ("900/900s", 900, 900.0), ("100/1h", 100, 3_600.0), ("3/60", 3, 60.0)])
    func rateLimits(text: String, requests: Int, window: Double) throws {
        #expect(try RateLimit.parse(text) == RateLimit(requests: requests, window: window))
    }

    @Test(arguments: ["10", "0/15m", "-1/1s", "x/1s", "10/", "10/0s", "10/fast", "10/5d"])
    func invalidRateLimits(text: String) {
        #expect(throws: EmulatorConfigurationError.self) { try RateLimit.parse(text) }
    }

    @Test func faultPlans() throws {
        let plan = try FaultPlan.parse("503:5%,timeout:1%,badjson:1%,reset:0.5%")
        #expect(plan.percentages == [.serviceUnavailable: 5, .timeout: 1, .badJSON: 1, .reset: 0.5])
        #expect(plan.description == "503:5%,timeout:1%,badjson:1%,reset:0.5%")
        #expect(try FaultPlan.parse("") == .none)
    }

    @Test(arguments: ["503:abc", "503:5", "boom:5%", "503", "503:150%", "503:60%,reset:50%", "503:1%,503:2%"])
    func invalidFaultPlans(text: String) {
        #expect(throws: EmulatorConfigurationError.self) { try FaultPlan.parse(text) }
    }

    @Test func errorsSayWhatIsExpected() {
        #expect(throws: EmulatorConfigurationError.invalidFaults("503:abc", reason: "'abc' is not a percentage (missing %)")) {
            try FaultPlan.parse("503:abc")
        }
        let error = EmulatorConfigurationError.invalidRateLimit("10", reason: "no '/' between the requests and the window")
        #expect(error.description == "invalid rate limit '10': no '/' between the requests and the window (expected REQUESTS/WINDOW, e.g. 15/15m, 50/1s, 900/900s)")
    }
}
