import EngineAPI

extension PlanningRun {
    /// Emits a service's operations: stops of dependents that restart around its recreate, waits for its
    /// dependencies, every replica's chain, then the scale-down removals (highest numbers first).
    mutating func emitService(_ service: DesiredService) {
        guard let decision = serviceDecisions[service.name] else { return }
        let dependentStops = decision.recreates ? emitDependentStops(for: service.name) : []
        let dependencyReady = service.dependencies.filter { isPlanned($0.service) }.flatMap {
            readyOps[$0.service] ?? []
        }
        var waits: [Int] = []
        if !options.noStart, decision.containers.contains(where: { $0.action.startsContainer }) {
            waits = service.dependencies.compactMap { emitWait(for: $0, dependent: service.name) }
        }
        let context = ChainContext(service: service, dependencyReady: dependencyReady, waits: waits,
                                   dependentStops: dependentStops)
        var ready: [Int] = []
        for container in decision.containers {
            if let last = emitChain(container, context) { ready.append(last) }
        }
        for container in decision.scaledDown {
            emitRemoval(of: container, resource: container.resourceID, cause: .scaledDown)
        }
        readyOps[service.name] = ready
    }

    /// What every replica chain of a service shares.
    struct ChainContext {
        var service: DesiredService
        /// Ready operations of the service's dependencies: creates come after them.
        var dependencyReady: [Int]
        /// `waitFor` operations: starts come after them.
        var waits: [Int]
        /// Stops of dependents that restart: the old containers are stopped only after them.
        var dependentStops: [Int]
    }

    private mutating func emitDependentStops(for service: String) -> [Int] {
        var stops: [Int] = []
        for dependent in planned {
            for decision in serviceDecisions[dependent.name]?.containers ?? [] {
                guard case .restart(let container, let trigger) = decision.action, trigger == service else { continue }
                let stop = builder.add(decision.desired.id, .stopContainer(container.ref, timeout: options.timeout),
                                       .dependencyRecreated(service: service))
                restartStops[decision.desired.id] = stop
                stops.append(stop)
            }
        }
        return stops
    }

    /// A shared `waitFor` for a dependency whose condition is not already met; nil when none is needed.
    private mutating func emitWait(for dependency: DesiredDependency, dependent: String) -> Int? {
        guard let target = plannedService(dependency.service), !target.containers.isEmpty else { return nil }
        let condition: WaitCondition
        switch dependency.condition {
        case .started: return nil
        case .healthy: condition = .healthy
        case .completedSuccessfully: condition = .completedSuccessfully
        }
        let key = "\(dependency.service) \(condition.rawValue) \(dependency.required)"
        if let existing = waitOps[key] {
            builder.addDependent(dependent, to: existing)
            return existing
        }
        let ready = readyOps[dependency.service] ?? []
        if ready.isEmpty, observedMeets(condition, service: target) { return nil }
        let wait = builder.add(ResourceID(.service, dependency.service),
                               .waitFor(service: dependency.service, condition: condition, required: dependency.required),
                               .neededBy(services: [dependent]), after: ready)
        waitOps[key] = wait
        return wait
    }

    /// Whether every replica already meets a condition, so dependents need not wait.
    private func observedMeets(_ condition: WaitCondition, service: DesiredService) -> Bool {
        service.containers.allSatisfy { container in
            guard let observed = index.slot(service: service.name, number: container.number).primary else { return false }
            switch condition {
            case .healthy: return observed.state == .running && observed.health == .healthy
            case .completedSuccessfully: return observed.state == .exited && observed.exitCode == 0
            }
        }
    }

    /// Emits one replica's operations; returns its last operation when it creates or starts something.
    private mutating func emitChain(_ decision: ContainerDecision, _ context: ChainContext) -> Int? {
        let resource = decision.desired.id
        let name = decision.desired.spec.name
        var nameFree: [Int] = []
        for stale in decision.staleLeftovers {
            nameFree.append(emitRemoval(of: stale, resource: resource, cause: .staleReplacement))
        }
        for duplicate in decision.duplicates {
            emitRemoval(of: duplicate, resource: resource, cause: .duplicate)
        }
        let prerequisites = (containerPrerequisites[resource] ?? []) + emitMissingAttachments(decision)
        let startAfter = context.waits + prerequisites

        switch decision.action {
        case .keep:
            return nil
        case .start(let container, let cause):
            guard !options.noStart else { return nil }
            return builder.add(resource, .startContainer(container.ref), cause,
                               after: startAfter + context.dependencyReady)
        case .unpause(let container):
            guard !options.noStart else { return nil }
            return builder.add(resource, .unpauseContainer(container.ref), .paused, after: prerequisites)
        case .restart(let container, let dependency):
            let stop = restartStops[resource].map { [$0] } ?? []
            return builder.add(resource, .startContainer(container.ref), .dependencyRecreated(service: dependency),
                               after: stop + startAfter + context.dependencyReady)
        case .create(let cause):
            let create = builder.add(resource, .createContainer(creationSpec(decision.desired, context.service),
                                                                 inheritVolumesFrom: nil),
                                     cause, after: creationPrerequisites(decision.desired, context) + nameFree)
            return emitStart(ContainerRef(name: name), resource, cause, after: create, startAfter)
        case .replace(let old, let cause):
            var spec = creationSpec(decision.desired, context.service)
            spec.name = Self.replacementName(of: name)
            spec.labels[OwnershipLabels.replacing] = name
            spec.labels[OwnershipLabels.replace] = replacedLabel(decision.desired, context.service)
            let inherit = options.renewAnonVolumes ? nil : old.ref
            let create = builder.add(resource, .createContainer(spec, inheritVolumesFrom: inherit), cause,
                                     after: creationPrerequisites(decision.desired, context) + nameFree)
            let removal = emitRemoval(of: old, resource: resource, cause: cause,
                                      after: [create] + context.dependentStops, removeVolumes: options.renewAnonVolumes)
            let rename = builder.add(resource, .renameContainer(from: ContainerRef(name: spec.name), to: name), cause,
                                     after: [removal])
            return emitStart(ContainerRef(name: name), resource, cause, after: rename, startAfter)
        case .recreateInPlace(let old, let cause):
            let removal = emitRemoval(of: old, resource: resource, cause: cause, after: context.dependentStops)
            let create = builder.add(resource, .createContainer(creationSpec(decision.desired, context.service),
                                                                 inheritVolumesFrom: nil),
                                     cause, after: creationPrerequisites(decision.desired, context) + nameFree + [removal])
            return emitStart(ContainerRef(name: name), resource, cause, after: create, startAfter)
        case .finish(let replacement, let old):
            var before = nameFree
            if let old {
                before = [emitRemoval(of: old, resource: resource, cause: .interruptedRecreate,
                                      after: nameFree + context.dependentStops)]
            }
            let rename = builder.add(resource, .renameContainer(from: replacement.ref, to: name), .interruptedRecreate,
                                     after: before)
            return emitStart(ContainerRef(id: replacement.id, name: name), resource, .interruptedRecreate,
                             after: rename, startAfter)
        }
    }

    /// Connects a running container that is kept to the networks of its spec it is not attached to (someone
    /// disconnected it): docker compose recreates such a container (`checkExpectedNetworks`); one connect
    /// call restores it. Engines that report no network for a container are not second-guessed.
    private mutating func emitMissingAttachments(_ decision: ContainerDecision) -> [Int] {
        let container: ObservedContainer
        switch decision.action {
        case .keep:
            guard let primary = index.slot(service: decision.desired.id.name, number: decision.desired.number).primary
            else { return [] }
            container = primary
        case .restart(let running, _):
            container = running
        default:
            return []
        }
        guard container.state == .running, !container.networks.isEmpty, decision.desired.spec.networkMode == nil
        else { return [] }
        return decision.desired.spec.networks.filter { !container.networks.contains($0.network) }.map { attachment in
            builder.add(decision.desired.id, .connectNetwork(container: container.ref, attachment: attachment),
                        .notConnected(network: attachment.network),
                        after: networkOps[attachment.network].map { [$0] } ?? [])
        }
    }

    /// Starts a container after `last` (its create or rename) and `others`; with `--no-start` the chain
    /// ends at `last`.
    private mutating func emitStart(_ container: ContainerRef, _ resource: ResourceID, _ cause: Cause,
                                    after last: Int, _ others: [Int]) -> Int {
        guard !options.noStart else { return last }
        return builder.add(resource, .startContainer(container), cause, after: [last] + others)
    }

    /// What a create waits for: the image, the networks and volumes it uses, and its dependencies.
    private func creationPrerequisites(_ container: DesiredContainer, _ context: ChainContext) -> [Int] {
        var ids = context.dependencyReady
        if let image = imageOps[context.service.name] { ids.append(image) }
        ids += container.spec.networks.compactMap { networkOps[$0.network] }
        ids += container.spec.mounts.compactMap { mount in
            mount.kind == .volume ? mount.source.flatMap { volumeOps[$0] } : nil
        }
        return ids
    }

    /// The spec to create: the desired one, plus docker compose's image label when the image id is known
    /// (docker compose recreates containers whose label differs from the image it resolves).
    private func creationSpec(_ container: DesiredContainer, _ service: DesiredService) -> ContainerSpec {
        var spec = container.spec
        if imageOps[service.name] == nil, spec.labels[OwnershipLabels.imageDigest] == nil,
           let imageID = options.localImages?[service.image] {
            spec.labels[OwnershipLabels.imageDigest] = imageID
        }
        return spec
    }

    /// Docker compose's `com.docker.compose.replace` value: the custom container name, else `service-n`.
    private func replacedLabel(_ container: DesiredContainer, _ service: DesiredService) -> String {
        let defaultName = "\(desired.name)-\(service.name)-\(container.number)"
        return container.spec.name == defaultName ? "\(service.name)-\(container.number)" : container.spec.name
    }

    /// Orphans are removed with `--remove-orphans`, otherwise listed in a warning (docker compose's text).
    mutating func emitOrphans() {
        guard !index.orphans.isEmpty else { return }
        guard options.removeOrphans else {
            let names = index.orphans.map(\.plainName).joined(separator: ", ")
            builder.warn("Found orphan containers ([\(names)]) for this project. If you removed or renamed this "
                + "service in your compose file, you can run this command with the --remove-orphans flag to clean it up.")
            return
        }
        for orphan in index.orphans {
            emitRemoval(of: orphan, resource: orphan.resourceID, cause: .orphan)
        }
    }
}
