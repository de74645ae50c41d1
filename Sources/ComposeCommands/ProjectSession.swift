import ComposeLoader
import ComposeModel
import EngineAPI
import Foundation
import Reconciler

/// A loaded project and the engine it runs on: the steps every reconciling command shares — observe
/// (with the image, external-resource and name lookups the plan needs), plan, lock.
struct ProjectSession: Sendable {
    let project: LoadedProject
    let model: ComposeProject
    /// The desired state before any image is known (names, services, dependency order).
    let desired: DesiredProject
    let engine: any ContainerEngine
    let scale: [String: Int]

    init(global: GlobalOptions, engineOptions: EngineOptions, services: [String] = [], scale: [String: Int] = [:]) async throws {
        var loaderOptions = LoaderOptions()
        loaderOptions.requestedServices = services
        let project = try CommandContext.loadProject(global: global, options: loaderOptions)
        let model = try project.model()
        self.project = project
        self.model = model
        self.scale = scale
        self.desired = try DesiredStateFactory.make(project, model: model, options: DesiredStateOptions(scale: scale))
        self.engine = try engineOptions.makeEngine()
        for warning in desired.warnings {
            ErrorOutput.write("warning: \(warning)")
        }
        do {
            try await engine.ping()
        } catch {
            throw CommandFailure(error.description)
        }
    }

    var name: String { desired.name }

    /// `embedded`, `docker`: the engine kind, from its endpoint, for messages.
    var engineName: String { engine.endpoint.hasPrefix("embedded:") ? "embedded" : "docker" }

    /// The project lock, taken or failed with `project P is being reconciled by pid N`. Waits up to `wait`.
    func lock(wait: Duration = .seconds(0)) async throws -> ProjectLock {
        let lock = ProjectLock(project: name, endpoint: engine.endpoint)
        do {
            try await lock.acquire(wait: wait)
        } catch {
            throw CommandFailure(error.description)
        }
        return lock
    }

    /// One observation plus the local image ids of the services' images and the external networks and
    /// volumes (looked up by name: they carry no project label).
    func observe() async throws -> (ObservedState, [String: String]) {
        do {
            var observed = try await engine.observe(project: name)
            let images = try await engine.imageIDs(Set(desired.services.filter { !$0.containers.isEmpty }.map(\.image)).sorted())
            for network in desired.networks where network.external {
                if !observed.networks.contains(where: { $0.name == network.spec.name }),
                   let found = try await engine.inspectNetwork(network.spec.name) {
                    observed.networks.append(found)
                }
            }
            for volume in desired.volumes where volume.external {
                if !observed.volumes.contains(where: { $0.name == volume.spec.name }),
                   let found = try await engine.inspectVolume(volume.spec.name) {
                    observed.volumes.append(found)
                }
            }
            return (observed, images)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// Plans against `observed`; when the plan would create objects under names the observation does not
    /// cover (a container, network or volume of another tool may hold them), looks those names up and plans
    /// again, so a foreign holder stops the plan before any change instead of failing midway.
    func plan(observed: ObservedState, images: [String: String], options: PlanOptions) async throws -> Plan {
        var observed = observed
        var options = options
        options.localImages = images
        // The image ids go into the `com.docker.compose.image` label, as docker compose writes it.
        var imageIDs: [String: String] = [:]
        for service in desired.services {
            if let id = images[service.image] { imageIDs[service.name] = id }
        }
        let desired = desired.withImageIDs(imageIDs)
        var plan = try Self.plan(desired, observed, options)
        let names = plan.operations.compactMap { operation -> String? in
            switch operation.operation {
            case .createContainer(let spec, _): spec.name
            case .renameContainer(_, let name): name
            default: nil
            }
        }
        let networks = plan.operations.compactMap { if case .createNetwork(let spec) = $0.operation { spec.name } else { nil } }
        let volumes = plan.operations.compactMap { if case .createVolume(let spec) = $0.operation { spec.name } else { nil } }
        guard !names.isEmpty || !networks.isEmpty || !volumes.isEmpty else { return plan }
        do {
            let known = Set(observed.containers.map(\.id))
            let holders = names.isEmpty ? [] : try await engine.findContainers(names: names)
            observed.containers += holders.filter { !known.contains($0.id) }
            for network in networks where !observed.networks.contains(where: { $0.name == network }) {
                if let found = try await engine.inspectNetwork(network) { observed.networks.append(found) }
            }
            for volume in volumes where !observed.volumes.contains(where: { $0.name == volume }) {
                if let found = try await engine.inspectVolume(volume) { observed.volumes.append(found) }
            }
        } catch {
            throw CommandFailure(error.description)
        }
        plan = try Self.plan(desired, observed, options)
        return plan
    }

    private static func plan(_ desired: DesiredProject, _ observed: ObservedState, _ options: PlanOptions) throws -> Plan {
        do {
            return try Planner.plan(desired: desired, observed: observed, options: options)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// The desired state of a loaded project, with this version's context.
enum DesiredStateFactory {
    static func make(_ project: LoadedProject, model: ComposeProject, options: DesiredStateOptions) throws -> DesiredProject {
        let context = DesiredProjectContext(
            workingDirectory: project.workingDirectory,
            configFiles: project.composeFiles,
            environment: project.environment,
            version: ComposeVersion.current
        )
        do {
            return try DesiredStateBuilder(context: context, options: options).build(model)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

extension ProjectSession {
    /// The services a command acts on: the named ones and, unless `noDeps`, everything they depend on,
    /// transitively; all services when none are named. In dependency order.
    func selectedServices(_ names: [String], noDeps: Bool) -> [DesiredService] {
        guard !names.isEmpty else { return desired.services }
        var wanted = Set(names)
        if !noDeps {
            // Services are in dependency order, so walking backwards reaches each dependency after its dependents.
            for service in desired.services.reversed() where wanted.contains(service.name) {
                wanted.formUnion(service.dependencies.map(\.service))
            }
        }
        return desired.services.filter { wanted.contains($0.name) }
    }
}
