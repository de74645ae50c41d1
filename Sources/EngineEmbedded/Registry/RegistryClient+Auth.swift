import AsyncHTTPClient
import EngineAPI
import Foundation
import NIOCore

extension RegistryClient {
    func credentialLookup(_ endpoint: RegistryEndpoint) -> RegistryCredentials.Lookup? {
        credentials.lookup(registry: endpoint.registry)
    }

    /// The Authorization header for a request to a registry that challenged us before; nil when it never did.
    func cachedAuthorization(_ request: RegistryRequest) async throws(EngineError) -> String? {
        guard let challenge = await auth.challenge(for: request.endpoint.host) else { return nil }
        return try await authorize(challenge, request: request, what: "registry \(request.endpoint.registry)", refresh: false)
    }

    /// Answers `challenge` for `request`'s scope: basic credentials, or a bearer token from the realm.
    func authorize(_ challenge: AuthChallenge, request: RegistryRequest, what: String, refresh: Bool)
        async throws(EngineError) -> String? {
        let lookup = credentials.lookup(registry: request.endpoint.registry)
        switch challenge.scheme {
        case .basic:
            switch lookup {
            case .basic(let username, let password):
                return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
            case .helper(let helper):
                throw Self.helperError(what: what, registry: request.endpoint.registry, helper: helper)
            case .none:
                throw EngineError(.registryUnauthorized,
                                  "\(what): registry \(request.endpoint.registry) asks for credentials (basic auth) and the docker "
                                      + "config has none for it")
            }
        case .bearer:
            guard let realm = challenge.realm, !realm.isEmpty else {
                throw EngineError(.registryUnauthorized, "\(what): the registry's bearer challenge names no realm")
            }
            let key = [realm, challenge.service ?? "", request.scope ?? ""].joined(separator: "|")
            if !refresh, let token = await auth.token(for: key) { return "Bearer " + token }
            let (token, lifetime) = try await fetchToken(realm: realm, service: challenge.service, scope: request.scope,
                                                         lookup: lookup, what: what, registry: request.endpoint.registry)
            // A margin so a token does not expire between the cache and the registry.
            await auth.setToken(token, for: key, expires: Date().addingTimeInterval(max(5, lifetime - 10)))
            return "Bearer " + token
        case .other(let name):
            throw EngineError(.unsupported, "\(what): registry \(request.endpoint.registry) asks for auth scheme '\(name)', "
                                  + "which is not supported (only Bearer and Basic)")
        }
    }

    static func helperError(what: String, registry: String, helper: String) -> EngineError {
        EngineError(.registryUnauthorized,
                    "\(what): registry \(registry) asks for credentials, and the docker config keeps them in credential "
                        + "helper '\(helper)', which is not supported yet; add an `auths` entry with `auth` for it")
    }

    /// `GET <realm>?service=…&scope=…` (with basic credentials when known) → `token` or `access_token`.
    func fetchToken(realm: String, service: String?, scope: String?, lookup: RegistryCredentials.Lookup, what: String,
                    registry: String) async throws(EngineError) -> (String, TimeInterval) {
        var query = [String]()
        if let service { query.append("service=" + Self.queryEncode(service)) }
        if let scope { query.append("scope=" + Self.queryEncode(scope)) }
        let url = query.isEmpty ? realm : realm + (realm.contains("?") ? "&" : "?") + query.joined(separator: "&")
        var request = HTTPClientRequest(url: url)
        if case .basic(let username, let password) = lookup {
            request.headers.add(name: "Authorization", value: "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
        }
        var attempt = 1
        while true {
            let status: UInt
            let body: [UInt8]
            do {
                let response = try await http.execute(request, timeout: Self.requestTimeout)
                status = response.status.code
                body = Self.bytes(try await response.body.collect(upTo: 1 << 20))
            } catch {
                try checkCancellation(what: what, object: "token")
                if attempt < retry.maxAttempts, Self.isRetryable(error) {
                    try await backoff(attempt, what: what, object: "token")
                    attempt += 1
                    continue
                }
                throw EngineError(.unavailable, "\(what): cannot reach the token service \(realm)", cause: "\(error)")
            }
            if status == 429 || status >= 500, attempt < retry.maxAttempts {
                try await backoff(attempt, what: what, object: "token")
                attempt += 1
                continue
            }
            guard status == 200 else {
                if status == 401 || status == 403, case .helper(let helper) = lookup {
                    throw Self.helperError(what: what, registry: registry, helper: helper)
                }
                let error = EngineError.registry(status: status, body: body, operation: what, object: "token from \(realm)")
                throw EngineError(status == 401 || status == 403 ? .registryUnauthorized : error.code, error.message)
            }
            guard let response = try? JSONDecoder().decode(TokenResponse.self, from: Data(body)),
                  let token = response.token ?? response.accessToken, !token.isEmpty else {
                throw EngineError(.registryUnauthorized, "\(what): the token service \(realm) answered without a token")
            }
            return (token, TimeInterval(response.expiresIn ?? 60))
        }
    }

    static func queryEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:/,")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private struct TokenResponse: Decodable {
        var token: String?
        var accessToken: String?
        var expiresIn: Int?

        enum CodingKeys: String, CodingKey {
            case token
            case accessToken = "access_token"
            case expiresIn = "expires_in"
        }
    }
}
