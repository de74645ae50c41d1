import ComposeLoader
import ComposeModel
import EngineAPI
import Foundation
import Reconciler

/// The watcher's repairs outside the plan and the helpers its turn uses.
extension ProjectWatcher {
    /// Engines may leave the restart count out of a listing (Docker does): exited containers under
    /// `on-failure:N` are inspected, so the filter sees whether the engine used its retries up.
    func withRestartCounts(_ observed: ObservedState) async -> ObservedState {
        var observed = observed
        var policies: [String: RestartPolicy] = [:]
        for service in session.desired.services {
            for container in service.containers { policies[container.spec.name] = container.spec.restartPolicy }
        }
        for index in observed.containers.indices where observed.containers[index].state == .exited {
            guard case .onFailure(let limit?) = policies[observed.containers[index].plainName], limit > 0,
                  let details = try? await session.engine.inspectContainer(observed.containers[index].id) else { continue }
            observed.containers[index].restartCount = details.container.restartCount
        }
        return observed
    }

    /// `x-swift-compose: {heal_unhealthy: true}` on a service: its unhealthy containers are removed (the plan
    /// that follows creates them again), within the same backoff as every repair. True when one was removed.
    func replaceUnhealthy(_ observed: ObservedState) async throws -> Bool {
        var removed = false
        for container in observed.containers where container.health == .unhealthy && container.state == .running && !container.isOneOff {
            guard let service = container.service, let number = container.number,
                  healUnhealthy.contains(service) else { continue }
            let resource = ResourceID.container(service: service, number: number)
            let key = resource.description
            if terminal[key] != nil || backoff.readyAt(key, now: now) != nil { continue }
            backoff.recordAttempt(key, now: now)
            do {
                try await session.engine.removeContainer(container.id, force: true, removeVolumes: false)
                output.heal(resource, what: "remove \(container.plainName) to replace it", why: "unhealthy")
                removed = true
            } catch {
                output.heal(resource, what: "remove \(container.plainName) to replace it", why: "unhealthy", error: error.description)
            }
        }
        return removed
    }

    /// Services with `x-swift-compose: {heal_unhealthy: true}`. The typed (JSON-shaped) document the
    /// session holds drops `x-` keys, so the files are loaded once more in the YAML shape, which keeps them.
    static func healUnhealthyServices(global: GlobalOptions, services: [String]) -> Set<String> {
        var options = LoaderOptions()
        options.requestedServices = services
        options.outputShape = .yaml
        guard let (request, _) = try? ProjectRequestBuilder(global: global).build(options: options),
              let project = try? ProjectLoader.load(request),
              let declared = project.document.mapping?["services"]?.mapping else { return [] }
        var result = Set<String>()
        for (name, service) in declared {
            guard let node = service.mapping?["x-swift-compose"]?.mapping?["heal_unhealthy"] else { continue }
            if node.bool ?? node.string.flatMap(ComposeBoolean.parse) ?? false { result.insert(name) }
        }
        return result
    }

    /// Builds a service's image with the engine from the service's `build:` section (output discarded: the
    /// watcher prints one line per action).
    func imageBuilder() -> ExecutorOptions.ImageBuilder {
        let model = session.model
        let engine = session.engine
        let workingDirectory = session.project.workingDirectory
        return { service, image async throws(EngineError) in
            guard let build = model.services[service]?.build else {
                throw EngineError(.invalidArgument, "service \(service) has no build section", resource: ResourceID(.image, image))
            }
            let spec = BuildSpecMapper.spec(build, image: image, workingDirectory: workingDirectory)
            _ = try await engine.buildImage(spec) { _ in }
        }
    }
}

extension Reconciler.Operation {
    /// Pulls and builds, which run before the containers are planned against the new image ids.
    var isImageOperation: Bool {
        switch self {
        case .pullImage, .buildImage: true
        default: false
        }
    }
}
