import ServiceLifecycle

/// One of the watch's long-running loops (controller, engine events, file polling) as a service: graceful
/// shutdown cancels its task, and each loop ends on cancellation (the controller after its turn in flight).
struct WatchLoop: Service {
    let name: String
    let body: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown(body)
    }
}

extension WatchLoop: CustomStringConvertible {
    var description: String { name }
}
