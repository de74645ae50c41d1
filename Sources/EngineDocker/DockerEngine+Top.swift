import EngineAPI

extension DockerEngine {
    /// `GET /containers/{id}/top`: dockerd runs `ps -ef` and keeps the container's processes.
    public func topContainer(_ id: String) async throws(EngineError) -> ProcessTable {
        let request = DockerRequest("GET", "/containers/\(DockerRequest.segment(id))/top")
        let answer = try decode(DockerTopAnswer.self, from: try await call(request), request: request)
        return ProcessTable(titles: answer.Titles ?? [], processes: answer.Processes ?? [])
    }
}

struct DockerTopAnswer: Decodable {
    var Titles: [String]?
    var Processes: [[String]]?
}
