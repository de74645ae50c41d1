import EngineAPI
import Foundation

/// `compose images` and `compose push` on dockerd.
extension DockerEngine {
    public func inspectImage(_ reference: String) async throws(EngineError) -> ImageDetails? {
        let resource = ResourceID(.image, reference)
        let request = DockerRequest("GET", "/images/\(DockerRequest.segment(reference, keepingSlashes: true))/json")
        let answer: DockerResponse
        do {
            answer = try await call(request, resource: resource)
        } catch where error.code == .notFound {
            return nil
        }
        let response = try decode(DockerImageInspect.self, from: answer, request: request)
        return ImageDetails(id: response.Id, references: (response.RepoTags ?? []).compactMap { ImageReference(parsing: $0)?.description },
                            repoDigests: response.RepoDigests ?? [], os: response.Os ?? "linux",
                            architecture: response.Architecture ?? "", variant: response.Variant, size: response.Size ?? 0,
                            created: response.Created)
    }

    /// The daemon pushes with the credentials it is given; an empty `{}` lets it push to registries that need
    /// none (the daemon refuses a push without the header).
    public func pushImage(_ reference: String) async throws(EngineError) {
        let resource = ResourceID(.image, reference)
        let response = try await call(DockerEngine.pushRequest(reference), resource: resource)
        if let failure = DockerEngine.pullFailure(in: response.body) {
            throw EngineError(failure.contains("does not exist") ? .notFound : .unavailable, failure, resource: resource)
        }
    }

    /// `POST /images/{name}/push?tag=…`: the name without its tag, which goes in the query.
    static func pushRequest(_ reference: String) -> DockerRequest {
        var name = reference
        var query: [(String, String)] = []
        if !reference.contains("@"), let colon = reference.lastIndex(of: ":"), !reference[colon...].contains("/") {
            name = String(reference[..<colon])
            query = [("tag", String(reference[reference.index(after: colon)...]))]
        }
        var request = DockerRequest("POST", "/images/\(DockerRequest.segment(name, keepingSlashes: true))/push", query: query)
        request.headers = [("X-Registry-Auth", Data("{}".utf8).base64EncodedString())]
        request.timeoutSeconds = 1800
        return request
    }
}

/// The fields of `GET /images/{name}/json` that `compose images` shows.
struct DockerImageInspect: Decodable, Sendable {
    var Id: String
    var RepoTags: [String]?
    var RepoDigests: [String]?
    var Os: String?
    var Architecture: String?
    var Variant: String?
    var Size: Int64?
    var Created: String?
}
