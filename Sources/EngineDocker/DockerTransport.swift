import AsyncHTTPClient
import EngineAPI
import Foundation

/// Sends Docker API requests over a unix socket or TCP with AsyncHTTPClient: a deadline on every request,
/// and bounded retries of failures that cannot have changed anything (a refused connection, or a 5xx or
/// broken connection on GET/HEAD).
struct DockerTransport: Sendable {
    let endpoint: DockerEndpoint
    let client: HTTPClient
    let defaultTimeoutSeconds: Int
    let maxAttempts: Int
    /// Waits before the 2nd, 3rd, … attempt; the last value repeats.
    let backoffMilliseconds: [Int]

    init(endpoint: DockerEndpoint, client: HTTPClient, timeoutSeconds: Int, maxAttempts: Int = 3,
         backoffMilliseconds: [Int] = [100, 400]) {
        self.endpoint = endpoint
        self.client = client
        self.defaultTimeoutSeconds = timeoutSeconds
        self.maxAttempts = max(1, maxAttempts)
        self.backoffMilliseconds = backoffMilliseconds
    }

    /// `http+unix://<percent-encoded socket path>` or `http://host:port`.
    var baseURL: String { DockerTransport.baseURL(of: endpoint) }

    static func baseURL(of endpoint: DockerEndpoint) -> String {
        switch endpoint.transport {
        case .unixSocket(let path):
            let host = path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? path
            return "http+unix://\(host)"
        case .tcp(let host, let port):
            return "http://\(host):\(port)"
        }
    }

    func send(_ request: DockerRequest, version: String?) async throws(EngineError) -> DockerResponse {
        var attempt = 1
        while true {
            let outcome = await sendOnce(request, version: version)
            switch outcome {
            case .success(let response):
                if response.status >= 500, request.isIdempotent, attempt < maxAttempts {
                    break
                }
                return response
            case .failure(let failure):
                guard failure.retryable(request), attempt < maxAttempts, !Task.isCancelled else { throw failure.error }
            }
            let delay = backoffMilliseconds.isEmpty ? 0 : backoffMilliseconds[min(attempt - 1, backoffMilliseconds.count - 1)]
            try? await Task.sleep(nanoseconds: UInt64(delay) * 1_000_000)
            attempt += 1
        }
    }

    /// Sends a request whose answer is read as it arrives (logs, events, wait, build): returns once the
    /// status and headers are in, with the body unread. Only a connection never made is retried; the
    /// upload must then be readable again (`DockerBuildUpload` is).
    func open(_ request: DockerRequest, version: String?, upload: DockerUpload? = nil) async throws(EngineError) -> HTTPClientResponse {
        var attempt = 1
        while true {
            do {
                return try await execute(request, version: version, upload: upload)
            } catch {
                let failure = classify(error, request: request, timeout: request.timeoutSeconds ?? defaultTimeoutSeconds)
                guard failure.notDelivered, failure.error.code == .unavailable, attempt < maxAttempts, !Task.isCancelled else {
                    throw failure.error
                }
            }
            let delay = backoffMilliseconds.isEmpty ? 0 : backoffMilliseconds[min(attempt - 1, backoffMilliseconds.count - 1)]
            try? await Task.sleep(nanoseconds: UInt64(delay) * 1_000_000)
            attempt += 1
        }
    }

    /// A transport failure with what retrying it is worth.
    struct Failure: Error {
        var error: EngineError
        /// The request never reached the daemon (refused, no socket): safe to resend whatever the method.
        var notDelivered: Bool

        func retryable(_ request: DockerRequest) -> Bool {
            error.code == .unavailable && (notDelivered || request.isIdempotent)
        }
    }

    private func execute(_ request: DockerRequest, version: String?, upload: DockerUpload?) async throws -> HTTPClientResponse {
        var http = HTTPClientRequest(url: baseURL + request.target(version: version))
        http.method = .init(rawValue: request.method)
        // dockerd ignores the Host header, but Go's server insists on a valid one; the socket path is not.
        http.headers.replaceOrAdd(name: "Host", value: "docker")
        for (name, value) in request.headers { http.headers.replaceOrAdd(name: name, value: value) }
        if let upload {
            http.headers.replaceOrAdd(name: "Content-Type", value: upload.contentType)
            http.body = .stream(upload.bytes, length: .known(upload.length))
        } else if let body = request.body {
            http.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            http.body = .bytes([UInt8](body))
        }
        if request.unbounded { return try await client.execute(http, deadline: .distantFuture) }
        return try await client.execute(http, timeout: .seconds(Int64(request.timeoutSeconds ?? defaultTimeoutSeconds)))
    }

    private func sendOnce(_ request: DockerRequest, version: String?) async -> Result<DockerResponse, Failure> {
        let timeout = request.timeoutSeconds ?? defaultTimeoutSeconds
        do {
            let response = try await execute(request, version: version, upload: nil)
            var data = Data()
            for try await chunk in response.body {
                data.append(contentsOf: chunk.readableBytesView)
            }
            var headers: [String: String] = [:]
            for header in response.headers { headers[header.name.lowercased()] = header.value }
            return .success(DockerResponse(status: Int(response.status.code), headers: headers, body: data))
        } catch {
            return .failure(classify(error, request: request, timeout: timeout))
        }
    }

    private func classify(_ error: any Error, request: DockerRequest, timeout: Int) -> Failure {
        let text = String(describing: error)
        if error is CancellationError || (error as? HTTPClientError) == .cancelled {
            return Failure(error: EngineError(.timeout, "\(request.method) \(request.path) was cancelled", cause: "\(endpoint)"),
                           notDelivered: false)
        }
        if let client = error as? HTTPClientError, client == .deadlineExceeded || client == .readTimeout {
            return Failure(error: EngineError(.timeout, "engine did not answer \(request.method) \(request.path) within \(timeout)s",
                                              cause: "\(endpoint)"),
                           notDelivered: false)
        }
        let notDelivered = ["refused", "No such file", "connectTimeout", "ENOENT", "ECONNREFUSED"].contains { text.contains($0) }
        return Failure(error: EngineError(.unavailable, "cannot reach the Docker engine at \(endpoint)", cause: text),
                       notDelivered: notDelivered)
    }
}
