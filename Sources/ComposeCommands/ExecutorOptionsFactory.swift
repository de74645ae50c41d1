import Foundation
import Reconciler

/// Executor settings from the command line and environment: `--parallel` wins over
/// `COMPOSE_PARALLEL_LIMIT`; -1 means unlimited; the default keeps 4 engine calls in flight.
enum ExecutorOptionsFactory {
    static func make(global: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) -> ExecutorOptions {
        var options = ExecutorOptions()
        let limit = global.parallel ?? environment["COMPOSE_PARALLEL_LIMIT"].flatMap { Int($0) }
        if let limit {
            options.parallelism = limit < 0 ? Int.max : max(1, limit)
        }
        return options
    }
}
