import Foundation

/// Runs blocking test code (waiting on a subprocess or polling a file) on a thread of its own,
/// off Swift's cooperative pool: on 2 cores the pool has 2 threads, and a test that blocks them
/// starves every in-process emulator of the test run, whose requests then time out.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
