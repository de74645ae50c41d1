import EngineAPI
import Foundation

/// Turns a daemon's error answer into an `EngineError`, keeping the daemon's `message`.
enum DockerErrorMapping {
    private struct Body: Decodable {
        var message: String?
    }

    /// dockerd 20.10 answers some requests that do not fit the container's state with a 500
    /// (`Container … is not paused`); they are conflicts like the 409s newer daemons send.
    static let stateConflictPhrases = ["is not paused", "is already paused", "is paused", "is not running", "is restarting"]

    private static func stateConflict(_ body: Data) -> Bool {
        guard let message = (try? JSONDecoder().decode(Body.self, from: body))?.message else { return false }
        return stateConflictPhrases.contains { message.contains($0) }
    }

    /// 404 notFound, 409 conflict, 400 invalidArgument, 5xx internal (503: unavailable); `overrides` wins
    /// (a 403 on network removal means active endpoints: a conflict).
    static func error(for response: DockerResponse, request: DockerRequest, resource: ResourceID?,
                      overrides: [Int: EngineError.Code] = [:]) -> EngineError {
        let code: EngineError.Code
        switch response.status {
        case let status where overrides[status] != nil: code = overrides[status] ?? .internalError
        case 500 where stateConflict(response.body): code = .conflict
        case 404: code = .notFound
        case 409: code = .conflict
        case 400: code = .invalidArgument
        case 501: code = .unsupported
        case 503: code = .unavailable
        default: code = .internalError
        }
        let daemonMessage = (try? JSONDecoder().decode(Body.self, from: response.body))?.message
        let text = daemonMessage ?? String(data: response.body, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let message = text.isEmpty ? "\(request.method) \(request.path) failed with HTTP \(response.status)" : text
        return EngineError(code, message, resource: resource, cause: "HTTP \(response.status) on \(request.method) \(request.path)")
    }
}
