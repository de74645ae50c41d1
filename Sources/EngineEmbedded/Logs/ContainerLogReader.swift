import EngineAPI
import Foundation

/// A container's json-file log (written by compose-shim in its bundle) as the engine protocol's line stream,
/// with the semantics of Docker's json-file reader: rotated files oldest first, `tail` across files,
/// `since`/`until` on each line's time, long lines joined, and `follow` through rotation until the container
/// has stopped for good.
public enum ContainerLogReader {
    /// How often a following reader looks for new output.
    static let pollInterval: Duration = .milliseconds(150)

    /// `isFinished` says the container will write no more (its `exit.json` exists); the stream then ends once
    /// everything written is delivered. Cancelling the consuming task ends the stream within a poll interval.
    /// Throws `.unsupported` when the container's log driver is not json-file ("none", "syslog").
    public static func stream(bundle: String, options: LogOptions,
                              isFinished: @escaping @Sendable () -> Bool) -> AsyncThrowingStream<LogLine, any Error> {
        let follower = ContainerLogFollower(bundle: bundle, options: options, isFinished: isFinished)
        return AsyncThrowingStream(unfolding: { try await follower.next() })
    }

    /// The log file of a bundle, from its shim config (default `<bundle>/ctr.log`).
    static func logPath(bundle: String) throws(EngineError) -> String {
        let config = try ShimFiles.read(ShimConfig.self, ShimFiles.config, bundle: bundle)
        if let driver = config?.log.driver, driver != "json-file" {
            throw EngineError(.unsupported, "configured logging driver does not support reading")
        }
        return config?.log.path ?? "\(bundle)/\(ShimFiles.log)"
    }
}
