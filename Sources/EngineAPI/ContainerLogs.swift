import Foundation

/// What `containerLogs` returns: the options of `compose logs` and of attached `up`, engine-neutral.
public struct LogOptions: Sendable, Hashable {
    /// Keep the stream open and deliver new output until the container stops (or the task is cancelled).
    public var follow: Bool
    /// Only the last `tail` lines of existing output; nil: everything.
    public var tail: Int?
    /// Only output written at or after this time (seconds since 1970).
    public var since: Double?
    /// Only output written before this time (seconds since 1970).
    public var until: Double?
    /// Ask the engine for each line's time (`LogLine.timestamp`).
    public var timestamps: Bool

    public init(follow: Bool = false, tail: Int? = nil, since: Double? = nil, until: Double? = nil, timestamps: Bool = false) {
        self.follow = follow
        self.tail = tail
        self.since = since
        self.until = until
        self.timestamps = timestamps
    }
}

/// One line of a container's output, without its line terminator.
public struct LogLine: Sendable, Hashable {
    public enum Stream: String, Sendable, Hashable {
        case stdout
        case stderr
    }

    public var stream: Stream
    public var text: String
    /// The engine's time of the line (RFC 3339 with nanoseconds), when `LogOptions.timestamps` asked for it.
    public var timestamp: String?

    public init(stream: Stream, text: String, timestamp: String? = nil) {
        self.stream = stream
        self.text = text
        self.timestamp = timestamp
    }
}
