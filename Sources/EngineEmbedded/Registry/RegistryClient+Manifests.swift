import AsyncHTTPClient
import EngineAPI
import Foundation
import NIOCore

/// A manifest or index as the registry served it: the exact bytes (their digest is the identity), and the type.
public struct RegistryManifest: Sendable, Hashable {
    public var bytes: [UInt8]
    public var mediaType: String
    public var digest: Digest

    public init(bytes: [UInt8], mediaType: String, digest: Digest) {
        self.bytes = bytes
        self.mediaType = mediaType
        self.digest = digest
    }

    /// Docker schema 1 (signed or not): refused by the puller.
    public var isSchema1: Bool {
        mediaType.hasPrefix("application/vnd.docker.distribution.manifest.v1")
    }
}

extension RegistryClient {
    /// Largest manifest accepted (registries cap them at 4 MiB).
    static let maxManifestSize = 4 << 20

    /// `GET /v2/<name>/manifests/<tag or digest>` with every manifest type accepted; the body is checked
    /// against the requested digest, else against `Docker-Content-Digest`.
    public func manifest(_ repository: RegistryRepository, reference: String,
                         accept: [String] = OCIMediaType.acceptedManifests) async throws(EngineError) -> RegistryManifest {
        let (url, endpoint) = url(repository, "manifests/\(reference)")
        let what = "\(repository)"
        let object = "manifest \(reference)"
        let request = RegistryRequest(method: .GET, url: url, endpoint: endpoint,
                                      scope: RegistryRequest.scope(repository, push: false),
                                      headers: [("Accept", Self.acceptHeader(accept))])
        let response = try await perform(request, what: what, object: object)
        let bytes: [UInt8]
        do {
            bytes = Self.bytes(try await response.body.collect(upTo: Self.maxManifestSize))
        } catch {
            throw EngineError(.unavailable, "\(what): \(object): reading the body failed", cause: "\(error)")
        }
        let computed = Digest.sha256(of: bytes)
        let expected = Digest(parsing: reference) ?? response.headers.first(name: "Docker-Content-Digest").flatMap(Digest.init(parsing:))
        if let expected {
            guard expected.algorithm == "sha256" else {
                throw EngineError(.unsupported, "\(what): \(object): digest algorithm \(expected.algorithm) is not supported")
            }
            guard expected == computed else {
                throw EngineError(.invalidArgument, "\(what): \(object): digest mismatch: expected \(expected), got \(computed)")
            }
        }
        let mediaType = Self.mediaType(header: response.headers.first(name: "Content-Type"), body: bytes)
        return RegistryManifest(bytes: bytes, mediaType: mediaType, digest: computed)
    }

    static func acceptHeader(_ types: [String]) -> String { types.joined(separator: ", ") }

    /// `HEAD /v2/<name>/manifests/<reference>`: the digest when it exists, nil on 404.
    public func manifestDigest(_ repository: RegistryRepository, reference: String,
                               accept: [String] = OCIMediaType.acceptedManifests) async throws(EngineError) -> Digest? {
        let (url, endpoint) = url(repository, "manifests/\(reference)")
        let request = RegistryRequest(method: .HEAD, url: url, endpoint: endpoint,
                                      scope: RegistryRequest.scope(repository, push: false),
                                      headers: [("Accept", Self.acceptHeader(accept))], accepted: [404])
        let response = try await perform(request, what: "\(repository)", object: "manifest \(reference)")
        guard response.status.code != 404 else { return nil }
        return response.headers.first(name: "Docker-Content-Digest").flatMap(Digest.init(parsing:))
    }

    /// `PUT /v2/<name>/manifests/<reference>` with the manifest's exact media type; returns its digest.
    @discardableResult
    public func putManifest(_ repository: RegistryRepository, reference: String, bytes: [UInt8], mediaType: String)
        async throws(EngineError) -> Digest {
        let (url, endpoint) = url(repository, "manifests/\(reference)")
        let buffer = ByteBuffer(bytes: bytes)
        let request = RegistryRequest(method: .PUT, url: url, endpoint: endpoint,
                                      scope: RegistryRequest.scope(repository, push: true),
                                      headers: [("Content-Type", mediaType)], body: { .bytes(buffer) })
        let response = try await perform(request, what: "\(repository)", object: "manifest \(reference)")
        _ = try? await response.body.collect(upTo: 1 << 16)
        let computed = Digest.sha256(of: bytes)
        if let returned = response.headers.first(name: "Docker-Content-Digest").flatMap(Digest.init(parsing:)), returned != computed {
            throw EngineError(.internalError, "\(repository): manifest \(reference): the registry stored digest \(returned), "
                                  + "the manifest hashes to \(computed)")
        }
        return computed
    }

    /// The manifest type: the Content-Type unless it is generic, else the body's `mediaType`, else its shape.
    static func mediaType(header: String?, body: [UInt8]) -> String {
        let type = header.map { String($0.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if !type.isEmpty, !["application/json", "text/plain", "application/octet-stream"].contains(type) { return type }
        let shape = try? JSONDecoder().decode(ManifestShape.self, from: Data(body))
        if let declared = shape?.mediaType, !declared.isEmpty { return declared }
        if shape?.schemaVersion == 1 { return OCIMediaType.dockerSchema1Signed }
        if shape?.manifests != nil { return OCIMediaType.ociIndex }
        return OCIMediaType.ociManifest
    }

    private struct ManifestShape: Decodable {
        var schemaVersion: Int?
        var mediaType: String?
        var manifests: [EmptyObject]?
    }
}
