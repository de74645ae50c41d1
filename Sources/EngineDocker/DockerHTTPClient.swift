import AsyncHTTPClient
import NIOPosix

/// The process-wide HTTP client of every `DockerEngine` that is not given one. Unlike `HTTPClient.shared`
/// it does not retry connection establishment until the deadline: a missing socket or a refused port must
/// fail in milliseconds, and `DockerTransport` does its own bounded retries. A global lives for the whole
/// process, so it is never shut down (like `HTTPClient.shared`). One event-loop thread: a command talks to one
/// engine, and starting a thread per core (NIO's shared group) was a tenth of a no-op `ps`'s CPU time.
enum DockerHTTPClient {
    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup(numberOfThreads: 1), configuration: configuration)
    }()
}
