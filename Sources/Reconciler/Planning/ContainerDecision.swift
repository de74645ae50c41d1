import EngineAPI

/// What happens to one desired replica.
enum ContainerAction {
    /// Converged: running with the current spec, or a completed job.
    case keep
    case start(ObservedContainer, Cause)
    case unpause(ObservedContainer)
    /// Stopped before a dependency declared with `restart: true` is recreated, started after it.
    case restart(ObservedContainer, dependency: String)
    /// Create and start under the canonical name (nothing holds it, or what held it is removed first).
    case create(Cause)
    /// Create a replacement under a temporary name, stop and remove the old one, rename, start.
    case replace(old: ObservedContainer, cause: Cause)
    /// Remove first, then create: for containers that cannot coexist with their replacement (dead ones).
    case recreateInPlace(old: ObservedContainer, cause: Cause)
    /// Complete an interrupted recreate with its current replacement.
    case finish(replacement: ObservedContainer, old: ObservedContainer?)

    /// Whether the action starts a container (so the service's dependencies must be waited for).
    var startsContainer: Bool {
        switch self {
        case .keep, .unpause: false
        case .start, .restart, .create, .replace, .recreateInPlace, .finish: true
        }
    }

    /// Whether the action creates a container (so the image must be present).
    var createsContainer: Bool {
        switch self {
        case .create, .replace, .recreateInPlace: true
        case .keep, .start, .unpause, .restart, .finish: false
        }
    }

    /// Whether an existing container of the service goes away and comes back (dependents may restart).
    var recreates: Bool {
        switch self {
        case .replace, .recreateInPlace: true
        case .finish(_, let old): old != nil
        case .keep, .start, .unpause, .restart, .create: false
        }
    }
}

struct ContainerDecision {
    var desired: DesiredContainer
    var action: ContainerAction
    /// Replacements of interrupted recreates that no longer match: removed before anything is created.
    var staleLeftovers: [ObservedContainer] = []
    var duplicates: [ObservedContainer] = []

    /// Observed containers this decision removes.
    var removedContainers: [ObservedContainer] {
        var removed = staleLeftovers + duplicates
        switch action {
        case .replace(let old, _), .recreateInPlace(let old, _): removed.append(old)
        case .finish(_, let old?): removed.append(old)
        default: break
        }
        return removed
    }
}

struct ServiceDecision {
    var containers: [ContainerDecision]
    /// Replicas beyond the desired count, highest number first.
    var scaledDown: [ObservedContainer]

    var recreates: Bool { containers.contains { $0.action.recreates } }
}

extension PlanningRun {
    mutating func decideContainers() {
        for service in planned {
            let strategy = strategies[service.name] ?? .diverged
            var decisions = service.containers.sorted { $0.number < $1.number }.map {
                decide($0, of: service, strategy: strategy)
            }
            let numbers = Set(service.containers.map(\.number))
            let scaledDown = index.numbers(of: service.name).reversed().filter { !numbers.contains($0) }.flatMap {
                index.slot(service: service.name, number: $0).all.filter { consumedContainers[$0.id] == nil }
            }
            for container in index.unnumbered where container.service == service.name {
                builder.warn("service:\(service.name): container \(container.plainName) has no valid "
                    + "\(OwnershipLabels.containerNumber) label; it is left alone")
            }
            if !options.noStart {
                markRestarts(&decisions, of: service)
            }
            serviceDecisions[service.name] = ServiceDecision(containers: decisions, scaledDown: scaledDown)
        }
    }

    /// Running replicas whose dependency (declared with `restart: true`) is recreated restart around it,
    /// as docker compose stops dependents before recreating and starts them again afterwards.
    private func markRestarts(_ decisions: inout [ContainerDecision], of service: DesiredService) {
        let triggers = service.dependencies.filter { $0.restart && serviceDecisions[$0.service]?.recreates == true }
        guard let trigger = triggers.first else { return }
        for position in decisions.indices {
            guard case .keep = decisions[position].action,
                  let container = index.slot(service: service.name, number: decisions[position].desired.number).primary,
                  container.state == .running
            else { continue }
            decisions[position].action = .restart(container, dependency: trigger.service)
        }
    }

    private mutating func decide(_ container: DesiredContainer, of service: DesiredService,
                                 strategy: RecreateStrategy) -> ContainerDecision {
        let slot = index.slot(service: service.name, number: container.number)
        let consumed = consumedContainers
        if let volume = slot.all.compactMap({ consumed[$0.id] }).first {
            return ContainerDecision(desired: container, action: .create(.volumeRecreated(volume: volume)))
        }
        var decision = ContainerDecision(desired: container, action: .keep, duplicates: slot.duplicates)
        // The image id as the caller resolved it, else as the desired state's builder recorded it in docker
        // compose's image label.
        let imageID = options.localImages?[service.image] ?? container.spec.labels[OwnershipLabels.imageDigest]
        var current: ObservedContainer?
        for leftover in slot.leftovers {
            if current == nil, ChangeDetector.changedFields(desired: container.digests, observedLabels: leftover.labels) == nil,
               !ChangeDetector.imageChanged(currentImageID: imageID, observed: leftover) {
                current = leftover
            } else {
                decision.staleLeftovers.append(leftover)
            }
        }

        guard let primary = slot.primary else {
            decision.action = current.map { .finish(replacement: $0, old: nil) } ?? .create(.missing)
            return decision
        }
        let recreateCause = recreateCause(of: primary, as: container, imageID: imageID, strategy: strategy)
        if let replacement = current {
            if recreateCause != nil || primary.state == .dead {
                decision.action = .finish(replacement: replacement, old: primary)
                return decision
            }
            // The old container is still right: dropping the replacement disturbs nothing.
            decision.staleLeftovers.append(replacement)
        }
        if primary.state == .dead {
            decision.action = .recreateInPlace(old: primary, cause: .dead)
        } else if primary.state == .removing {
            builder.warn("\(container.id): container \(primary.plainName) is being removed by the engine; "
                + "plan again once it is gone")
        } else if let recreateCause {
            decision.action = .replace(old: primary, cause: recreateCause)
        } else {
            decision.action = stateAction(of: primary, policy: container.spec.restartPolicy)
        }
        return decision
    }

    /// Why an existing container must be recreated under the strategy, or nil.
    private func recreateCause(of observed: ObservedContainer, as container: DesiredContainer, imageID: String?,
                               strategy: RecreateStrategy) -> Cause? {
        switch strategy {
        case .never:
            return nil
        case .force(let cause):
            return cause
        case .diverged:
            let imageChanged = ChangeDetector.imageChanged(currentImageID: imageID, observed: observed)
            if let fields = ChangeDetector.changedFields(desired: container.digests, observedLabels: observed.labels) {
                return .configChanged(fields: imageChanged && !fields.isEmpty ? fields + ["image digest"] : fields)
            }
            return imageChanged ? .imageChanged : nil
        }
    }

    /// What a container with the current spec needs, from its state.
    private func stateAction(of container: ObservedContainer, policy: RestartPolicy) -> ContainerAction {
        switch container.state {
        case .running, .restarting, .removing, .dead:
            return .keep
        case .paused:
            return .unpause(container)
        case .created:
            return .start(container, .notStarted)
        case .exited:
            // One-shot services are jobs: a successful run with the current spec is converged, not re-run.
            if container.exitCode == 0, Self.isJob(policy) { return .keep }
            return .start(container, .stopped(exitCode: container.exitCode))
        }
    }

    /// Containers the engine does not restart after a successful exit.
    static func isJob(_ policy: RestartPolicy) -> Bool {
        switch policy {
        case .no, .onFailure: true
        case .always, .unlessStopped: false
        }
    }

    /// Ids of every observed container the plan removes.
    func removedContainerIDs() -> Set<String> {
        var ids = Set(consumedContainers.keys)
        for decision in serviceDecisions.values {
            ids.formUnion(decision.scaledDown.map(\.id))
            for container in decision.containers { ids.formUnion(container.removedContainers.map(\.id)) }
        }
        if options.removeOrphans { ids.formUnion(index.orphans.map(\.id)) }
        return ids
    }

    /// Fails the plan when a container of another owner holds a name the plan creates.
    mutating func checkNames() {
        for service in planned {
            for decision in serviceDecisions[service.name]?.containers ?? [] {
                let name = decision.desired.spec.name
                var needed: [String] = []
                switch decision.action {
                case .create, .recreateInPlace, .finish: needed = [name]
                case .replace: needed = [Self.replacementName(of: name)]
                case .keep, .start, .unpause, .restart: break
                }
                for name in needed {
                    guard let holder = index.foreignByName[name] else { continue }
                    problems.append(.foreignNameHolder(resource: decision.desired.id, name: name,
                                                       containerID: holder.id, owner: holder.project))
                }
            }
        }
    }

    /// The temporary name of a replacement container.
    static func replacementName(of name: String) -> String { name + "-replacement" }
}
