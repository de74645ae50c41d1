import Dispatch
import EngineAPI

/// Runs blocking work (process waits, flocks, mounts) on a Dispatch thread, so the two threads of the Swift
/// concurrency pool on a small machine stay free for the rest of the plan.
func offload<T: Sendable>(_ body: @escaping @Sendable () throws(EngineError) -> T) async throws(EngineError) -> T {
    let result: Result<T, EngineError> = await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            do throws(EngineError) {
                continuation.resume(returning: .success(try body()))
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
    }
    return try result.get()
}
