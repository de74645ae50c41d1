/// `<bundle>/health.json`, Docker's `State.Health`: the status, the current run of failures and the last
/// five probe results. Written atomically after every probe.
public struct ShimHealthRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case starting, healthy, unhealthy
    }

    public struct Probe: Sendable, Hashable, Codable {
        public var start: String
        public var end: String
        /// The probe's exit code; -1 when it timed out or could not run.
        public var exitCode: Int
        public var output: String

        public init(start: String, end: String, exitCode: Int, output: String) {
            self.start = start
            self.end = end
            self.exitCode = exitCode
            self.output = output
        }
    }

    public var status: Status
    public var failingStreak: Int
    public var log: [Probe]

    public static let keptProbes = 5

    public init(status: Status = .starting, failingStreak: Int = 0, log: [Probe] = []) {
        self.status = status
        self.failingStreak = failingStreak
        self.log = log
    }
}
