import EngineAPI

/// Plans of the lifecycle commands: pure functions of the observed state and a `LifecycleScope`, like
/// `Planner`, so `down` and friends also get causes, dependency order and the executor's bounded
/// parallelism. Only containers carrying the project label are ever touched (the observation holds nothing
/// else); one-off (`run`) containers are left alone except by `down`.
public enum LifecyclePlanner {
    /// `compose down`.
    public struct DownOptions: Sendable, Hashable {
        public var removeOrphans = false
        /// `-v`: named volumes of the project and anonymous volumes of its containers.
        public var removeVolumes = false
        /// `--rmi`: the images to remove (the caller resolves `local`/`all` to references present locally).
        public var images: [String] = []
        public var timeout: Int?

        public init() {}
    }

    public static func down(observed: ObservedState, scope: LifecycleScope, options: DownOptions) -> Plan {
        var builder = PlanBuilder()
        let project = observed.containers.filter { $0.project == scope.project }
        var removing: [ObservedContainer] = []
        var orphans: [ObservedContainer] = []
        for container in project {
            if scope.isKnown(container) || container.isOneOff || options.removeOrphans {
                removing.append(container)
            } else {
                orphans.append(container)
            }
        }
        if !orphans.isEmpty {
            builder.warn(orphanWarning(orphans))
        }
        let cause = Cause.requested(command: "down")
        let removes = emitStopAndRemove(removing, scope: scope, cause: cause, removeVolumes: options.removeVolumes,
                                        timeout: options.timeout, builder: &builder)
        let kept = Set(orphans.map(\.id))
        for network in observed.networks where network.labels[OwnershipLabels.project] == scope.project {
            if network.containers.contains(where: kept.contains) {
                builder.warn("network \(network.name) is still used by orphan containers: not removed")
                continue
            }
            builder.add(ResourceID(.network, network.labels[OwnershipLabels.network] ?? network.name),
                        .removeNetwork(name: network.name), cause, after: removes)
        }
        if options.removeVolumes {
            for volume in observed.volumes where volume.labels[OwnershipLabels.project] == scope.project {
                builder.add(ResourceID(.volume, volume.labels[OwnershipLabels.volume] ?? volume.name),
                            .removeVolume(name: volume.name), cause, after: removes)
            }
        }
        for image in options.images {
            builder.add(ResourceID(.image, image), .removeImage(reference: image), cause, after: removes)
        }
        return Plan(project: scope.project, operations: builder.operations, warnings: builder.warnings)
    }

    /// `compose stop`: running, restarting and paused containers, dependents before their dependencies.
    public static func stop(observed: ObservedState, scope: LifecycleScope, timeout: Int?) -> Plan {
        var builder = PlanBuilder()
        let targets = serviceContainers(observed, scope).filter(\.isActive)
        var done: [String: [Int]] = [:]
        for service in reverseOrder(targets, scope) {
            let after = dependents(of: service, scope).flatMap { done[$0] ?? [] }
            for container in targets where container.service == service {
                let id = builder.add(container.resourceID, .stopContainer(container.ref, timeout: timeout),
                                     .requested(command: "stop"), after: after)
                done[service, default: []].append(id)
            }
        }
        return Plan(project: scope.project, operations: builder.operations, warnings: builder.warnings)
    }

    /// `compose start`: created and exited containers, dependencies first.
    public static func start(observed: ObservedState, scope: LifecycleScope) -> Plan {
        restartLike(observed: observed, scope: scope, command: "start", stopFirst: false) {
            $0.state == .created || $0.state == .exited
        }
    }

    /// `compose restart`: every container of the services, stopped first when active, in dependency order.
    public static func restart(observed: ObservedState, scope: LifecycleScope, timeout: Int?) -> Plan {
        restartLike(observed: observed, scope: scope, command: "restart", stopFirst: true, timeout: timeout) {
            $0.state != .removing && $0.state != .dead
        }
    }

    /// `compose kill`: running containers.
    public static func kill(observed: ObservedState, scope: LifecycleScope, signal: String) -> Plan {
        independent(observed: observed, scope: scope, command: "kill") { container in
            container.state == .running || container.state == .restarting
                ? .killContainer(container.ref, signal: signal) : nil
        }
    }

    public static func pause(observed: ObservedState, scope: LifecycleScope) -> Plan {
        independent(observed: observed, scope: scope, command: "pause") { container in
            container.state == .running ? .pauseContainer(container.ref) : nil
        }
    }

    public static func unpause(observed: ObservedState, scope: LifecycleScope) -> Plan {
        independent(observed: observed, scope: scope, command: "unpause") { container in
            container.state == .paused ? .unpauseContainer(container.ref) : nil
        }
    }

    /// `compose rm`: stopped containers; with `stop`, running ones are stopped first.
    public static func remove(observed: ObservedState, scope: LifecycleScope, stop: Bool, removeVolumes: Bool) -> Plan {
        var builder = PlanBuilder()
        let cause = Cause.requested(command: "rm")
        for container in serviceContainers(observed, scope) {
            var after: [Int] = []
            if container.isActive {
                guard stop else { continue }
                after = [builder.add(container.resourceID, .stopContainer(container.ref, timeout: nil), cause)]
            }
            builder.add(container.resourceID, .removeContainer(container.ref, removeVolumes: removeVolumes, force: false),
                        cause, after: after)
        }
        return Plan(project: scope.project, operations: builder.operations, warnings: builder.warnings)
    }

    // MARK: Helpers

    static func orphanWarning(_ orphans: [ObservedContainer]) -> String {
        let names = orphans.map(\.plainName).sorted().joined(separator: ", ")
        return "Found orphan containers ([\(names)]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up."
    }

    /// Non-one-off containers of the project's selected services.
    static func serviceContainers(_ observed: ObservedState, _ scope: LifecycleScope) -> [ObservedContainer] {
        observed.containers.filter { $0.project == scope.project && !$0.isOneOff && scope.isSelected($0) && scope.isKnown($0) }
    }

    /// Services of `containers` in dependency order: the file's order, then unknown services by name.
    static func order(_ containers: [ObservedContainer], _ scope: LifecycleScope) -> [String] {
        let present = Set(containers.compactMap(\.service))
        let known = (scope.services ?? []).filter(present.contains)
        return known + present.subtracting(known).sorted()
    }

    static func reverseOrder(_ containers: [ObservedContainer], _ scope: LifecycleScope) -> [String] {
        order(containers, scope).reversed()
    }

    static func dependents(of service: String, _ scope: LifecycleScope) -> [String] {
        scope.dependencies.filter { $0.value.contains(service) }.map(\.key).sorted()
    }

    /// Stops (of active containers) then removes, services in reverse dependency order; returns the removes.
    static func emitStopAndRemove(_ containers: [ObservedContainer], scope: LifecycleScope, cause: Cause, removeVolumes: Bool,
                                  timeout: Int?, builder: inout PlanBuilder) -> [Int] {
        var stops: [String: [Int]] = [:]
        var removes: [Int] = []
        let sorted = containers.sorted { ($0.resourceID, $0.plainName) < ($1.resourceID, $1.plainName) }
        for service in reverseOrder(sorted, scope) + [""] {
            let after = dependents(of: service, scope).flatMap { stops[$0] ?? [] }
            for container in sorted where (container.service ?? "") == service {
                var removeAfter = after
                if container.isActive {
                    let stop = builder.add(container.resourceID, .stopContainer(container.ref, timeout: timeout), cause, after: after)
                    stops[service, default: []].append(stop)
                    removeAfter = [stop]
                }
                removes.append(builder.add(container.resourceID,
                                           .removeContainer(container.ref, removeVolumes: removeVolumes, force: true),
                                           cause, after: removeAfter))
            }
        }
        return removes
    }

    static func restartLike(observed: ObservedState, scope: LifecycleScope, command: String, stopFirst: Bool,
                            timeout: Int? = nil, include: (ObservedContainer) -> Bool) -> Plan {
        var builder = PlanBuilder()
        let cause = Cause.requested(command: command)
        let targets = serviceContainers(observed, scope).filter(include)
        var starts: [String: [Int]] = [:]
        for service in order(targets, scope) {
            let after = (scope.dependencies[service] ?? []).flatMap { starts[$0] ?? [] }
            for container in targets where container.service == service {
                var startAfter = after
                if stopFirst && container.isActive {
                    startAfter.append(builder.add(container.resourceID, .stopContainer(container.ref, timeout: timeout), cause, after: after))
                }
                starts[service, default: []].append(builder.add(container.resourceID, .startContainer(container.ref), cause, after: startAfter))
            }
        }
        return Plan(project: scope.project, operations: builder.operations, warnings: builder.warnings)
    }

    static func independent(observed: ObservedState, scope: LifecycleScope, command: String,
                            operation: (ObservedContainer) -> Operation?) -> Plan {
        var builder = PlanBuilder()
        for container in serviceContainers(observed, scope) {
            if let op = operation(container) {
                builder.add(container.resourceID, op, .requested(command: command))
            }
        }
        return Plan(project: scope.project, operations: builder.operations, warnings: builder.warnings)
    }
}
