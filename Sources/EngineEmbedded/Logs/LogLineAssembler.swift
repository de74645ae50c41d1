import EngineAPI
/// Joins the pieces of a long line (entries whose `log` has no trailing newline) per stream, as
/// `docker logs` shows them: one line, stamped with the time of its first piece.
struct LogLineAssembler {
    private var pending: [LogLine.Stream: TimedLogLine] = [:]

    /// The completed line, or nil while the entry is an unterminated piece.
    mutating func add(_ entry: LogEntry) -> TimedLogLine? {
        let stream = LogLine.Stream(rawValue: entry.stream) ?? .stdout
        let complete = entry.log.hasSuffix("\n")
        let piece = complete ? String(entry.log.dropLast()) : entry.log
        var line = pending.removeValue(forKey: stream) ?? TimedLogLine(stream: stream, text: "", time: entry.time)
        line.text += piece
        guard complete else {
            pending[stream] = line
            return nil
        }
        return line
    }

    /// The unterminated rest of every stream (the container's last output without a newline), oldest first.
    mutating func flush() -> [TimedLogLine] {
        let rest = pending.values.sorted { ($0.time, $0.stream.rawValue) < ($1.time, $1.stream.rawValue) }
        pending = [:]
        return rest
    }
}
