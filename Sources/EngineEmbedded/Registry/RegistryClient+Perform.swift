import AsyncHTTPClient
import EngineAPI
import Foundation
import NIOCore

extension RegistryClient {
    /// Sends `request`: authorizes (answering one 401 challenge), follows redirects (dropping Authorization
    /// when the host changes), retries connection errors, 5xx and 429 with backoff. Returns responses below 300
    /// and the `accepted` statuses; throws the rest as registry errors naming `what` and `object`.
    func perform(_ request: RegistryRequest, what: String, object: String) async throws(EngineError) -> HTTPClientResponse {
        var attempt = 1
        var challenged = false
        var authorization = try await cachedAuthorization(request)
        while true {
            try checkCancellation(what: what, object: object)
            var url = request.url
            var redirects = 0
            var response: HTTPClientResponse
            do {
                while true {
                    var outgoing = HTTPClientRequest(url: url)
                    switch request.method {
                    case .GET: outgoing.method = .GET
                    case .HEAD: outgoing.method = .HEAD
                    case .POST: outgoing.method = .POST
                    case .PUT: outgoing.method = .PUT
                    case .PATCH: outgoing.method = .PATCH
                    }
                    for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
                    if let authorization, Self.sameOrigin(url, request.endpoint.baseURL) {
                        outgoing.headers.add(name: "Authorization", value: authorization)
                    }
                    if let body = request.body { outgoing.body = body() }
                    response = try await http.execute(outgoing, timeout: request.timeout)
                    guard [301, 302, 303, 307, 308].contains(response.status.code),
                          let location = response.headers.first(name: "Location"), redirects < 10 else { break }
                    _ = try? await response.body.collect(upTo: 1 << 16)
                    guard let next = Self.resolve(location, against: url) else {
                        throw EngineError(.internalError, "\(what): \(object): bad redirect location \(location)")
                    }
                    url = next
                    redirects += 1
                }
            } catch let error as EngineError {
                throw error
            } catch {
                try checkCancellation(what: what, object: object)
                if attempt < retry.maxAttempts, Self.isRetryable(error) {
                    try await backoff(attempt, what: what, object: object)
                    attempt += 1
                    continue
                }
                throw EngineError(.unavailable, "\(what): \(object): cannot reach \(request.endpoint.host)", cause: "\(error)")
            }
            let status = response.status.code
            if status == 401, !challenged {
                let challenges = AuthChallenge.parse(response.headers["WWW-Authenticate"])
                _ = try? await response.body.collect(upTo: 1 << 16)
                guard let challenge = challenges.first(where: { $0.scheme == .bearer }) ?? challenges.first(where: { $0.scheme == .basic })
                else {
                    throw EngineError(.registryUnauthorized, "\(what): \(object): unauthorized, and the registry named no auth scheme")
                }
                await auth.setChallenge(challenge, for: request.endpoint.host)
                authorization = try await authorize(challenge, request: request, what: what, refresh: true)
                challenged = true
                continue
            }
            if status < 300 || request.accepted.contains(status) { return response }
            let body = Self.bytes(try? await response.body.collect(upTo: 1 << 16))
            if (status == 429 || status >= 500), attempt < retry.maxAttempts {
                try await backoff(attempt, what: what, object: object)
                attempt += 1
                continue
            }
            if status == 401, case .helper(let helper)? = credentialLookup(request.endpoint) {
                throw EngineError(.registryUnauthorized,
                                  "\(what): \(object): the registry asks for credentials, and they are in credential helper "
                                      + "'\(helper)', which is not supported yet; add an `auths` entry with `auth` to the docker config")
            }
            throw EngineError.registry(status: status, body: body, operation: what, object: object)
        }
    }

    func backoff(_ attempt: Int, what: String, object: String) async throws(EngineError) {
        do {
            try await Task.sleep(for: retry.delay(after: attempt))
        } catch {
            throw EngineError(.registryCancelled, "\(what): \(object): cancelled")
        }
    }

    func checkCancellation(what: String, object: String) throws(EngineError) {
        if Task.isCancelled { throw EngineError(.registryCancelled, "\(what): \(object): cancelled") }
    }

    static func bytes(_ buffer: ByteBuffer?) -> [UInt8] {
        guard let buffer else { return [] }
        return Array(buffer.readableBytesView)
    }

    /// Connection-level failures worth another attempt; configuration mistakes are not.
    static func isRetryable(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        if let client = error as? HTTPClientError {
            let permanent: [HTTPClientError] = [.invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown, .cancelled,
                                                .invalidRedirectConfiguration]
            return !permanent.contains(client)
        }
        return true
    }

    /// Resolves a `Location` (absolute, or relative to `base`).
    static func resolve(_ location: String, against base: String) -> String? {
        guard let baseURL = URL(string: base), let resolved = URL(string: location, relativeTo: baseURL) else { return nil }
        return resolved.absoluteString
    }

    /// Same scheme, host and port: only then may the registry's Authorization go along.
    static func sameOrigin(_ url: String, _ base: String) -> Bool {
        guard let a = URLComponents(string: url), let b = URLComponents(string: base) else { return false }
        return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased()
            && a.port == b.port
    }
}
