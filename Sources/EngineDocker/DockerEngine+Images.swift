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

    /// One `GET /images/json`: each reference is matched against the images' tags (or, for a reference
    /// with a digest, their repository digests) in canonical form, so `busybox` finds `busybox:latest`.
    public func imageIDs(_ references: [String]) async throws(EngineError) -> [String: String] {
        guard !references.isEmpty else { return [:] }
        let request = DockerRequest("GET", "/images/json")
        let images = try await decode([DockerImageSummary].self, from: call(request), request: request)
        return DockerEngine.match(references, in: images)
    }

    static func match(_ references: [String], in images: [DockerImageSummary]) -> [String: String] {
        var byTag: [String: String] = [:]
        var byDigest: [String: String] = [:]
        for image in images {
            for tag in image.RepoTags ?? [] {
                if let parsed = ImageReference(parsing: tag) { byTag[parsed.description] = image.Id }
            }
            for digest in image.RepoDigests ?? [] {
                if let parsed = ImageReference(parsing: digest), let value = parsed.digest {
                    byDigest["\(parsed.registry)/\(parsed.repository)@\(value)"] = image.Id
                }
            }
        }
        var found: [String: String] = [:]
        for reference in references {
            guard let parsed = ImageReference(parsing: reference) else { continue }
            if let digest = parsed.digest {
                if let id = byDigest["\(parsed.registry)/\(parsed.repository)@\(digest)"] { found[reference] = id }
            } else if let id = byTag[parsed.description] {
                found[reference] = id
            }
        }
        return found
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
