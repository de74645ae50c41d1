import EngineAPI
import Foundation

extension DockerEngine {
    /// `POST /containers/{id}/exec`, then `POST /exec/{id}/start` (not detached: the answer streams the
    /// output and ends when the command does), then `GET /exec/{id}/json` for the exit code.
    public func execInContainer(_ id: String, _ spec: ExecSpec) async throws(EngineError) -> Int {
        try await execStreaming(id, spec) { _ in }
    }

    /// Starts a command in a container and returns at once (`compose exec -d`).
    public func execDetached(_ id: String, _ spec: ExecSpec) async throws(EngineError) {
        let create = DockerRequest("POST", "/containers/\(DockerRequest.segment(id))/exec",
                                   body: Self.encode(DockerExecCreate(spec)))
        let created = try decode(DockerExecCreated.self, from: try await call(create), request: create)
        try await call(DockerRequest("POST", "/exec/\(DockerRequest.segment(created.Id))/start",
                                     body: Self.encode(DockerExecStart(Detach: true, Tty: false))))
    }

    /// Runs a command in a container without a terminal or stdin (`compose exec -T`), handing each line of
    /// its output to `output`; returns its exit code.
    public func execStreaming(_ id: String, _ spec: ExecSpec, output: @escaping @Sendable (LogLine) -> Void) async throws(EngineError) -> Int {
        let create = DockerRequest("POST", "/containers/\(DockerRequest.segment(id))/exec",
                                   body: Self.encode(DockerExecCreate(spec)))
        let created = try decode(DockerExecCreated.self, from: try await call(create), request: create)
        var start = DockerRequest("POST", "/exec/\(DockerRequest.segment(created.Id))/start",
                                  body: Self.encode(DockerExecStart(Detach: false, Tty: false)))
        start.unbounded = true
        let response = try await openStream(start)
        var decoder = DockerLogDecoder(tty: false, timestamps: false)
        do {
            for try await chunk in response.body {
                for line in decoder.feed(chunk.readableBytesView) { output(line) }
            }
            for line in decoder.finish() { output(line) }
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
    var AttachStdin = false
    var AttachStdout = true
    var AttachStderr = true
    var Tty = false

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
