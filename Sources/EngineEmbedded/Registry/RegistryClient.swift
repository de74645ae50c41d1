import AsyncHTTPClient
import EngineAPI
import Foundation
import NIOCore
import NIOPosix

/// A Distribution v2 / OCI distribution client: manifests, blobs, uploads, with registry auth (bearer tokens,
/// basic), redirects, and bounded retries on connection errors, 5xx and 429.
///
/// Either give it an `HTTPClient` you own, or let it make one and call `shutdown()` when done.
public final class RegistryClient: Sendable {
    public let hosts: RegistryHosts
    public let credentials: RegistryCredentials
    public let retry: RegistryRetryPolicy
    let http: HTTPClient
    private let ownsHTTPClient: Bool
    let auth = RegistryAuthCache()

    /// A request that may not finish in this time fails (blobs get `blobTimeout`, read stalls `readTimeout`).
    static let requestTimeout: TimeAmount = .seconds(120)
    static let blobTimeout: TimeAmount = .hours(6)

    public init(httpClient: HTTPClient? = nil, hosts: RegistryHosts = .fromEnvironment(),
                credentials: RegistryCredentials = RegistryCredentials(), retry: RegistryRetryPolicy = RegistryRetryPolicy()) {
        self.hosts = hosts
        self.credentials = credentials
        self.retry = retry
        if let httpClient {
            http = httpClient
            ownsHTTPClient = false
        } else {
            var configuration = HTTPClient.Configuration()
            // Redirects are followed here, so Authorization is dropped on the way to another host (a CDN).
            configuration.redirectConfiguration = .disallow
            configuration.timeout.connect = .seconds(15)
            configuration.timeout.read = .seconds(60)
            configuration.connectionPool.retryConnectionEstablishment = false
            http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
            ownsHTTPClient = true
        }
    }

    /// Shuts the HTTP client down when this client made it; a no-op for a caller's client.
    public func shutdown() async throws(EngineError) {
        guard ownsHTTPClient else { return }
        do {
            try await http.shutdown()
        } catch {
            throw EngineError(.internalError, "registry client: shutdown failed", cause: "\(error)")
        }
    }

    /// `GET /v2/`: whether the registry answers (authenticating when it asks).
    public func ping(_ registry: String) async throws(EngineError) {
        let endpoint = hosts.endpoint(for: registry)
        let response = try await perform(
            RegistryRequest(method: .GET, url: endpoint.baseURL + "/v2/", endpoint: endpoint, scope: nil),
            what: "registry \(registry)", object: "/v2/")
        _ = try? await response.body.collect(upTo: 1 << 16)
    }

    func url(_ repository: RegistryRepository, _ path: String) -> (String, RegistryEndpoint) {
        let endpoint = hosts.endpoint(for: repository.registry)
        return ("\(endpoint.baseURL)/v2/\(repository.name)/\(path)", endpoint)
    }
}

/// One logical registry call: re-sent as is on retries, redirects and after authenticating.
struct RegistryRequest: Sendable {
    var method: RegistryMethod
    var url: String
    var endpoint: RegistryEndpoint
    /// `repository:<name>:pull[,push]`; nil for the ping.
    var scope: String?
    var headers: [(String, String)] = []
    /// Makes a fresh body per attempt (uploads).
    var body: (@Sendable () -> HTTPClientRequest.Body)?
    var timeout: TimeAmount = RegistryClient.requestTimeout
    /// Statuses returned to the caller rather than thrown (404 for a HEAD, 416 for a Range).
    var accepted: Set<UInt> = []

    init(method: RegistryMethod, url: String, endpoint: RegistryEndpoint, scope: String?, headers: [(String, String)] = [],
         body: (@Sendable () -> HTTPClientRequest.Body)? = nil, accepted: Set<UInt> = []) {
        self.method = method
        self.url = url
        self.endpoint = endpoint
        self.scope = scope
        self.headers = headers
        self.body = body
        self.accepted = accepted
    }

    static func scope(_ repository: RegistryRepository, push: Bool) -> String {
        "repository:\(repository.name):\(push ? "pull,push" : "pull")"
    }
}

/// The methods the distribution API uses (NIOHTTP1's type is not a dependency of this target).
enum RegistryMethod: Sendable {
    case GET, HEAD, POST, PUT, PATCH
}

extension EngineError.Code {
    static let registryCancelled = EngineError.Code(rawValue: "cancelled")
}
