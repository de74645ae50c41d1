import EngineAPI

/// How `PlanExecutor` runs a plan: limits, retries and deadlines. Nothing here changes *what* runs.
public struct ExecutorOptions: Sendable {
    /// Builds a service's image (`Operation.buildImage`): the engine protocol has no build call, the caller
    /// owns the build context. Without one, build operations fail as unsupported.
    public typealias ImageBuilder = @Sendable (_ service: String, _ image: String) async throws(EngineError) -> Void

    /// Engine calls in flight at once (`--parallel`, `COMPOSE_PARALLEL_LIMIT`); waits do not count.
    public var parallelism: Int
    /// How long a `waitFor` may wait for its condition.
    public var waitTimeout: Duration
    /// Time between two observations while waiting.
    public var pollInterval: Duration
    /// Attempts per engine call when it fails with a transient error (1: no retry).
    public var maxAttempts: Int
    /// Delay before the first retry; doubled for each further one.
    public var initialBackoff: Duration
    /// Longest time one engine call may take before it is cancelled and fails as `.timeout` (then retried
    /// like any transient error), so a hung engine cannot hang the run. nil: the engine's own timeouts only
    /// (pulls and stops may legitimately take minutes).
    public var callTimeout: Duration?
    public var imageBuilder: ImageBuilder?

    public init(parallelism: Int = 4, waitTimeout: Duration = .seconds(300), pollInterval: Duration = .milliseconds(500),
                maxAttempts: Int = 4, initialBackoff: Duration = .milliseconds(200), callTimeout: Duration? = nil,
                imageBuilder: ImageBuilder? = nil) {
        self.parallelism = parallelism
        self.waitTimeout = waitTimeout
        self.pollInterval = pollInterval
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.callTimeout = callTimeout
        self.imageBuilder = imageBuilder
    }
}
