import AsyncHTTPClient
import EngineAPI
import Foundation

/// `ContainerEngine` over the Docker Engine API, spoken directly (no `docker` CLI) over a unix socket or
/// TCP. The API version is negotiated on the first call (`GET /_ping`, min(daemon, 1.47)); every request
/// has a deadline; errors carry the daemon's message and an `EngineError` code.
public struct DockerEngine: ContainerEngine {
    public let endpoint: String
    public let capabilities = EngineCapabilities(build: true, pause: true, ipv6: true, swarmServices: false)
    let transport: DockerTransport
    let versionStore = DockerAPIVersionStore()

    /// - Parameters:
    ///   - timeoutSeconds: how long one request may take (pulls and stops get longer).
    ///   - client: the HTTP client; by default one shared by the process that needs no shutdown. A client
    ///     given here should not retry connection establishment itself (see `DockerHTTPClient`).
    public init(endpoint: DockerEndpoint, timeoutSeconds: Int = 60, client: HTTPClient? = nil) {
        self.endpoint = endpoint.description
        self.transport = DockerTransport(endpoint: endpoint, client: client ?? DockerHTTPClient.shared, timeoutSeconds: timeoutSeconds)
    }

    public func ping() async throws(EngineError) {
        var request = DockerRequest("GET", "/_ping")
        request.unversioned = true
        let response = try await transport.send(request, version: nil)
        guard response.isSuccess else { throw DockerErrorMapping.error(for: response, request: request, resource: nil) }
        await versionStore.set(DockerAPIVersion.negotiate(serverHeader: response.headers["api-version"]))
    }

    /// The negotiated version, pinging first when no call has negotiated it yet.
    func apiVersion() async throws(EngineError) -> DockerAPIVersion {
        if let version = await versionStore.version { return version }
        try await ping()
        return await versionStore.version ?? .oldest
    }

    /// Sends one request and returns the answer when it succeeded (2xx, or 304: already in that state).
    @discardableResult
    func call(_ request: DockerRequest, resource: ResourceID? = nil,
              overrides: [Int: EngineError.Code] = [:]) async throws(EngineError) -> DockerResponse {
        let version = try await apiVersion()
        let response = try await transport.send(request, version: version.description)
        guard response.isSuccess else {
            throw DockerErrorMapping.error(for: response, request: request, resource: resource, overrides: overrides)
        }
        return response
    }

    /// Opens a request whose answer is read as it arrives; an error answer is read whole and mapped.
    func openStream(_ request: DockerRequest, resource: ResourceID? = nil, upload: DockerUpload? = nil) async throws(EngineError)
        -> HTTPClientResponse {
        let version = try await apiVersion()
        let response = try await transport.open(request, version: version.description, upload: upload)
        let status = Int(response.status.code)
        guard !(200..<300).contains(status) else { return response }
        var body = Data()
        do {
            for try await chunk in response.body where body.count < 65_536 {
                body.append(contentsOf: chunk.readableBytesView)
            }
        } catch {
            // The status says enough when the error body cannot be read.
        }
        throw DockerErrorMapping.error(for: DockerResponse(status: status, headers: [:], body: body), request: request, resource: resource)
    }

    /// Decodes a successful answer; a body we cannot read is the daemon's fault, reported as internal.
    func decode<T: Decodable>(_ type: T.Type, from response: DockerResponse, request: DockerRequest) throws(EngineError) -> T {
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw EngineError(.internalError, "unreadable answer to \(request.method) \(request.path)", cause: "\(error)")
        }
    }

    static func encode<T: Encodable>(_ value: T) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try? encoder.encode(value)
    }
}
