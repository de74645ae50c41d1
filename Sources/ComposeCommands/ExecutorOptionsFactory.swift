import Foundation
import Reconciler

/// Executor settings from the command line and environment: `--parallel` wins over
/// `COMPOSE_PARALLEL_LIMIT`; -1 means unlimited. The default, 16 calls in flight, keeps the engine busy
/// (dockerd creates and starts containers fastest with several in flight; 4 made a cold `up` of 50 services
/// 6% slower than docker compose, which is unlimited) while bounding what a huge project sends at once.
enum ExecutorOptionsFactory {
    static let defaultParallelism = 16

    static func make(global: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) -> ExecutorOptions {
        var options = ExecutorOptions()
        options.parallelism = defaultParallelism
        let limit = global.parallel ?? environment["COMPOSE_PARALLEL_LIMIT"].flatMap { Int($0) }
        if let limit {
            options.parallelism = limit < 0 ? Int.max : max(1, limit)
        }
        return options
    }
}
