import EngineAPI
import Foundation

extension DockerEngine {
    /// One create call; on daemons before API 1.44 the attachments after the first are connected right
    /// after (one connect each), so the container is on all its networks before anyone starts it. If a
    /// connect fails the container is left created, and the error says which network failed.
    public func createContainer(_ spec: ContainerSpec) async throws(EngineError) -> String {
        let version = try await apiVersion()
        let (request, later) = try DockerEngine.createContainerRequest(spec, version: version)
        let response = try await call(request, resource: DockerEngine.resourceID(of: spec))
        let id = try decode(DockerIDAnswer.self, from: response, request: request).Id
        for attachment in later {
            try await connect(container: id, to: attachment)
        }
        return id
    }

    public func startContainer(_ id: String) async throws(EngineError) {
        try await call(DockerRequest("POST", "/containers/\(DockerRequest.segment(id))/start"))
    }

    public func stopContainer(_ id: String, timeout: Int?) async throws(EngineError) {
        try await call(DockerEngine.stopRequest(id, timeout: timeout, defaultTimeout: transport.defaultTimeoutSeconds))
    }

    public func killContainer(_ id: String, signal: String) async throws(EngineError) {
        try await call(DockerRequest("POST", "/containers/\(DockerRequest.segment(id))/kill", query: [("signal", signal)]))
    }

    public func removeContainer(_ id: String, force: Bool, removeVolumes: Bool) async throws(EngineError) {
        try await call(DockerRequest("DELETE", "/containers/\(DockerRequest.segment(id))",
                                     query: [("force", force ? "1" : "0"), ("v", removeVolumes ? "1" : "0")]))
    }

    public func renameContainer(_ id: String, to name: String) async throws(EngineError) {
        try await call(DockerRequest("POST", "/containers/\(DockerRequest.segment(id))/rename", query: [("name", name)]))
    }

    public func pauseContainer(_ id: String) async throws(EngineError) {
        try await call(DockerRequest("POST", "/containers/\(DockerRequest.segment(id))/pause"))
    }

    public func unpauseContainer(_ id: String) async throws(EngineError) {
        try await call(DockerRequest("POST", "/containers/\(DockerRequest.segment(id))/unpause"))
    }

    /// The daemon waits `t` seconds before killing, so the answer may take that long on top of the deadline.
    static func stopRequest(_ id: String, timeout: Int?, defaultTimeout: Int) -> DockerRequest {
        var request = DockerRequest("POST", "/containers/\(DockerRequest.segment(id))/stop", query: timeout.map { [("t", String($0))] } ?? [])
        // Without t the container's own StopTimeout applies (10 s unless set); leave room for the longest common one.
        request.timeoutSeconds = defaultTimeout + (timeout ?? 120)
        return request
    }
}
