import AsyncHTTPClient

/// The process-wide HTTP client of every `DockerEngine` that is not given one. Unlike `HTTPClient.shared`
/// it does not retry connection establishment until the deadline: a missing socket or a refused port must
/// fail in milliseconds, and `DockerTransport` does its own bounded retries. A global lives for the whole
/// process, so it is never shut down (like `HTTPClient.shared`).
enum DockerHTTPClient {
    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(configuration: configuration)
    }()
}
