import EngineAPI
import Foundation

/// The output of the attached services' containers under `up --watch`: each running container is followed
/// from when it is first seen; a container the controller creates later (a repair, an edit) is picked up
/// after the turn that made it.
actor WatchLogFollower {
    private let engine: any ContainerEngine
    private let project: String
    private let services: Set<String>?
    private let printer: LogPrinter
    private var following: [String: Task<Void, Never>] = [:]

    /// - Parameter services: the services to follow; nil for all.
    init(engine: any ContainerEngine, project: String, services: Set<String>?, printer: LogPrinter) {
        self.engine = engine
        self.project = project
        self.services = services
        self.printer = printer
    }

    func refresh() async {
        guard let observed = try? await engine.observe(project: project) else { return }
        for (id, task) in following where !observed.containers.contains(where: { $0.id == id }) {
            task.cancel()
            following[id] = nil
        }
        for container in observed.containers where !container.isOneOff && following[container.id] == nil {
            guard let service = container.service, services?.contains(service) ?? true else { continue }
            guard container.state == .running || container.state == .restarting else { continue }
            let name = LogPrinter.displayName(containerName: container.plainName, project: project, service: service,
                                              number: container.number ?? 0)
            let engine = engine
            let printer = printer
            let since = container.created
            following[container.id] = Task {
                await Self.follow(container.id, name: name, since: since, engine: engine, printer: printer)
                self.ended(container.id)
            }
        }
    }

    /// Prints a container's output while it runs; a restart by the engine's policy (same container) is
    /// followed again. Ends when the container is gone or stopped for good, or the task is cancelled.
    private static func follow(_ id: String, name: String, since: Double, engine: any ContainerEngine, printer: LogPrinter) async {
        var from = since
        while !Task.isCancelled {
            do {
                for try await line in engine.containerLogs(id, options: LogOptions(follow: true, since: from)) {
                    printer.log(name, line.text, stream: line.stream == .stderr ? .stderr : .stdout)
                }
            } catch {
                // Removed or cancelled: a replacement is followed by the next refresh.
            }
            from = Date().timeIntervalSince1970
            try? await Task.sleep(for: .seconds(1))
            guard !Task.isCancelled, let details = try? await engine.inspectContainer(id),
                  details.container.state == .running || details.container.state == .restarting else { return }
        }
    }

    /// A follow that ended (the container stopped for good) is forgotten: a later start is followed again.
    private func ended(_ id: String) {
        following[id] = nil
    }

    func stop() {
        for task in following.values { task.cancel() }
        following = [:]
    }
}
