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
                let options = LogOptions(follow: true, since: since)
                do {
                    for try await line in engine.containerLogs(container.id, options: options) {
                        printer.log(name, line.text, stream: line.stream == .stderr ? .stderr : .stdout)
                    }
                } catch {
                    // Removed or cancelled: a replacement is followed by the next refresh.
                }
            }
        }
    }

    func stop() {
        for task in following.values { task.cancel() }
        following = [:]
    }
}
