import EngineAPI
import Foundation

extension DockerEngine {
    /// Inspects first (the TTY flag decides whether the body is multiplexed), then reads the logs as they
    /// arrive. With `follow` the request has no deadline; cancelling the consuming task ends it.
    public func containerLogs(_ id: String, options: LogOptions) -> AsyncThrowingStream<LogLine, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let tty = try await self.inspectRaw(id).Config?.Tty ?? false
                    let response = try await self.openStream(DockerEngine.logsRequest(id, options: options))
                    var decoder = DockerLogDecoder(tty: tty, timestamps: options.timestamps)
                    for try await chunk in response.body {
                        for line in decoder.feed(chunk.readableBytesView) { continuation.yield(line) }
                        if let failure = decoder.failure { throw EngineError(.internalError, failure) }
                    }
                    for line in decoder.finish() { continuation.yield(line) }
                    continuation.finish()
                } catch {
                    DockerEngine.end(continuation, error, what: "the logs of \(id)")
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// `condition=not-running`: answers at once for a container already stopped. The daemon may take
    /// hours, so no deadline; cancelling the task ends the request.
    public func waitContainer(_ id: String) async throws(EngineError) -> Int {
        let request = DockerEngine.waitRequest(id)
        let answer = try decode(DockerWaitAnswer.self, from: try await call(request), request: request)
        if let message = answer.Error?.Message, !message.isEmpty {
            throw EngineError(.internalError, message, cause: "waiting for container \(id)")
        }
        return answer.StatusCode
    }

    /// The project's container events from now (or `since`), until the task is cancelled. dockerd's label
    /// filter matches event attributes, which only container events carry: network and volume events of
    /// the project do not come through it.
    public func events(project: String, since: Double?) -> AsyncThrowingStream<EngineEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await self.openStream(DockerEngine.eventsRequest(project: project, since: since))
                    var splitter = DockerJSONStream()
                    let decoder = JSONDecoder()
                    for try await chunk in response.body {
                        for object in splitter.feed(chunk.readableBytesView) {
                            guard let message = try? decoder.decode(DockerEventMessage.self, from: object) else { continue }
                            continuation.yield(DockerEngine.event(message))
                        }
                    }
                    continuation.finish()
                } catch {
                    DockerEngine.end(continuation, error, what: "the events of project \(project)")
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static func logsRequest(_ id: String, options: LogOptions) -> DockerRequest {
        var query = [("stdout", "1"), ("stderr", "1"), ("follow", options.follow ? "1" : "0"),
                     ("timestamps", options.timestamps ? "1" : "0"), ("tail", options.tail.map { String(max(0, $0)) } ?? "all")]
        if let since = options.since { query.append(("since", unixTime(since))) }
        if let until = options.until { query.append(("until", unixTime(until))) }
        var request = DockerRequest("GET", "/containers/\(DockerRequest.segment(id))/logs", query: query)
        request.unbounded = options.follow
        return request
    }

    static func waitRequest(_ id: String) -> DockerRequest {
        var request = DockerRequest("POST", "/containers/\(DockerRequest.segment(id))/wait", query: [("condition", "not-running")])
        request.unbounded = true
        return request
    }

    static func eventsRequest(project: String, since: Double?) -> DockerRequest {
        var query = [("filters", labelFilter(project: project))]
        if let since { query.append(("since", unixTime(since))) }
        var request = DockerRequest("GET", "/events", query: query)
        request.unbounded = true
        return request
    }

    /// `1700000000.250000000`: seconds and nanoseconds, the form dockerd's `since`/`until` take.
    static func unixTime(_ seconds: Double) -> String {
        let whole = seconds.rounded(.down)
        let nanos = min(999_999_999, max(0, Int(((seconds - whole) * 1e9).rounded())))
        let digits = String(nanos)
        return "\(Int64(whole)).\(String(repeating: "0", count: 9 - digits.count))\(digits)"
    }

    static func event(_ message: DockerEventMessage) -> EngineEvent {
        let action = message.Action ?? message.status ?? ""
        let mapped: EngineEvent.Action
        switch (message.Type ?? "container", action) {
        case ("container", let name) where name.hasPrefix("health_status"): mapped = .healthStatus
        case ("container", let name): mapped = EngineEvent.Action(rawValue: name).flatMap { $0.isContainerAction ? $0 : nil } ?? .other
        case ("network", "create"): mapped = .networkCreate
        case ("network", "destroy"): mapped = .networkDestroy
        case ("network", "connect"): mapped = .networkConnect
        case ("network", "disconnect"): mapped = .networkDisconnect
        case ("volume", "create"): mapped = .volumeCreate
        case ("volume", "destroy"): mapped = .volumeDestroy
        default: mapped = .other
        }
        // Whole seconds and the fraction apart: nanoseconds since 1970 exceed a Double's exact integers.
        let time = message.timeNano.map { Double($0 / 1_000_000_000) + Double($0 % 1_000_000_000) / 1e9 } ?? message.time.map(Double.init) ?? 0
        return EngineEvent(action: mapped, subject: message.Actor?.ID ?? message.id ?? "", labels: message.Actor?.Attributes ?? [:], time: time)
    }

    /// Ends a stream after a failure. The reading task is only cancelled by the stream's termination (the
    /// consumer went away); that termination can race the failure it causes, so it ends the stream quietly.
    static func end<Element>(_ continuation: AsyncThrowingStream<Element, any Error>.Continuation, _ error: any Error, what: String) {
        if Task.isCancelled {
            continuation.finish()
        } else {
            continuation.finish(throwing: streamError(error, what: what))
        }
    }

    /// What ends a stream: an `EngineError` as it is, anything else (a broken connection) as unavailable.
    static func streamError(_ error: any Error, what: String) -> EngineError {
        if let error = error as? EngineError { return error }
        return EngineError(.unavailable, "reading \(what) failed", cause: "\(error)")
    }
}

extension EngineEvent.Action {
    fileprivate var isContainerAction: Bool {
        switch self {
        case .create, .start, .die, .stop, .destroy, .kill, .pause, .unpause, .rename: return true
        default: return false
        }
    }
}

/// One object of `GET /events`.
struct DockerEventMessage: Decodable, Sendable {
    struct Actor: Decodable, Sendable {
        var ID: String?
        var Attributes: [String: String]?
    }

    var `Type`: String?
    var Action: String?
    var Actor: Actor?
    var time: Int64?
    var timeNano: Int64?
    /// Pre-1.22 fields, still sent: used only when the newer ones are missing.
    var status: String?
    var id: String?
}
