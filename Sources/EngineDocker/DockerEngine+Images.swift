import EngineAPI
import Foundation

extension DockerEngine {
    public func imageID(_ reference: String) async throws(EngineError) -> String? {
        let request = DockerRequest("GET", "/images/\(DockerRequest.segment(reference, keepingSlashes: true))/json")
        do {
            let response = try await call(request, resource: ResourceID(.image, reference))
            return try decode(DockerIDAnswer.self, from: response, request: request).Id
        } catch where error.code == .notFound {
            return nil
        }
    }

    /// Pulls without registry credentials and reads the whole progress stream: dockerd reports a failed
    /// pull as an `error` line inside a 200 answer.
    public func pullImage(_ reference: String) async throws(EngineError) {
        let request = DockerEngine.pullRequest(reference)
        let response = try await call(request, resource: ResourceID(.image, reference))
        if let failure = DockerEngine.pullFailure(in: response.body) {
            let missing = ["not found", "manifest unknown", "pull access denied", "repository does not exist"].contains { failure.contains($0) }
            throw EngineError(missing ? .notFound : .unavailable, failure, resource: ResourceID(.image, reference))
        }
    }

    /// 404 notFound, 409 (in use by a container, or several repositories without force) conflict, each
    /// with the daemon's message.
    public func removeImage(_ reference: String, force: Bool) async throws(EngineError) {
        try await call(DockerEngine.removeImageRequest(reference, force: force), resource: ResourceID(.image, reference))
    }

    static func removeImageRequest(_ reference: String, force: Bool) -> DockerRequest {
        DockerRequest("DELETE", "/images/\(DockerRequest.segment(reference, keepingSlashes: true))", query: [("force", force ? "1" : "0")])
    }

    /// `fromImage=name&tag=tag`; a digest reference goes whole in `fromImage`.
    static func pullRequest(_ reference: String) -> DockerRequest {
        var name = reference
        var tag = "latest"
        if !reference.contains("@"), let colon = reference.lastIndex(of: ":"), !reference[colon...].contains("/") {
            name = String(reference[..<colon])
            tag = String(reference[reference.index(after: colon)...])
        }
        var request = DockerRequest("POST", "/images/create", query: reference.contains("@") ? [("fromImage", reference)] : [("fromImage", name), ("tag", tag)])
        // Pulling is slow by nature; the per-request deadline would abort large images.
        request.timeoutSeconds = 1800
        return request
    }

    private struct ProgressLine: Decodable {
        struct Detail: Decodable {
            var message: String?
        }

        var error: String?
        var errorDetail: Detail?
    }

    /// The first error of a progress stream (one JSON object a line), nil when the pull succeeded.
    static func pullFailure(in stream: Data) -> String? {
        let decoder = JSONDecoder()
        for line in stream.split(separator: UInt8(ascii: "\n")) {
            guard let progress = try? decoder.decode(ProgressLine.self, from: Data(line)) else { continue }
            if let message = progress.errorDetail?.message ?? progress.error { return message }
        }
        return nil
    }
}
