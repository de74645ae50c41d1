import EngineAPI
import Foundation

extension DockerEngine {
    /// `POST /containers/{id}/exec`, then `POST /exec/{id}/start` (not detached: the answer streams the
    /// output and ends when the command does), then `GET /exec/{id}/json` for the exit code.
    public func execInContainer(_ id: String, _ spec: ExecSpec) async throws(EngineError) -> Int {
        let create = DockerRequest("POST", "/containers/\(DockerRequest.segment(id))/exec",
                                   body: Self.encode(DockerExecCreate(spec)))
        let created = try decode(DockerExecCreated.self, from: try await call(create), request: create)
        var start = DockerRequest("POST", "/exec/\(DockerRequest.segment(created.Id))/start",
                                  body: Self.encode(DockerExecStart(Detach: false, Tty: false)))
        start.unbounded = true
        let response = try await openStream(start)
        do {
            for try await _ in response.body {}
        } catch {
            throw EngineError(.unavailable, "running \(spec.command.joined(separator: " ")) in \(id) failed", cause: "\(error)")
        }
        let inspect = DockerRequest("GET", "/exec/\(DockerRequest.segment(created.Id))/json")
        let answer = try decode(DockerExecInspect.self, from: try await call(inspect), request: inspect)
        return answer.ExitCode ?? -1
    }
}

struct DockerExecCreate: Encodable {
    var Cmd: [String]
    var User: String?
    var WorkingDir: String?
    var Env: [String]
    var Privileged: Bool
    var AttachStdout = true
    var AttachStderr = true

    init(_ spec: ExecSpec) {
        Cmd = spec.command
        User = spec.user
        WorkingDir = spec.workingDirectory
        Env = spec.environment
        Privileged = spec.privileged
    }
}

struct DockerExecCreated: Decodable {
    var Id: String
}

struct DockerExecStart: Encodable {
    var Detach: Bool
    var Tty: Bool
}

struct DockerExecInspect: Decodable {
    var Running: Bool?
    var ExitCode: Int?
}
