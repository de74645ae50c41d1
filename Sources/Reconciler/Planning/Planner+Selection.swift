import EngineAPI

/// How existing containers of a service may be recreated (docker compose's `diverged`, `force`, `never`).
enum RecreateStrategy: Hashable {
    case diverged
    case force(Cause)
    case never
}

extension PlanningRun {
    /// Resolves `--no-deps` and the named services into the services to plan, with their strategies:
    /// named services follow `--force-recreate`/`--no-recreate`/`-V`, dependencies pulled in follow
    /// `--always-recreate-deps`/`--no-recreate`, as in docker compose.
    mutating func selectServices() {
        if options.forceRecreate && options.noRecreate {
            problems.append(.incompatibleOptions("--force-recreate and --no-recreate are incompatible"))
        }
        let byName = Dictionary(desired.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var selected = Set(desired.services.map(\.name))
        if let names = options.services {
            for name in names where byName[name] == nil { problems.append(.unknownService(name)) }
            selected = Set(names.filter { byName[$0] != nil })
        }

        var included = selected
        if !options.noDeps {
            var pending = Array(selected)
            while let name = pending.popLast() {
                for dependency in byName[name]?.dependencies ?? [] where byName[dependency.service] != nil {
                    if included.insert(dependency.service).inserted { pending.append(dependency.service) }
                }
            }
        }

        planned = desired.services.filter { included.contains($0.name) }
        for service in planned {
            let strategy: RecreateStrategy
            if options.noRecreate {
                strategy = .never
            } else if selected.contains(service.name) {
                if options.forceRecreate {
                    strategy = .force(.forced)
                } else if options.renewAnonVolumes {
                    strategy = .force(.renewAnonymousVolumes)
                } else {
                    strategy = .diverged
                }
            } else {
                strategy = options.alwaysRecreateDeps ? .force(.forced) : .diverged
            }
            strategies[service.name] = strategy
        }
    }

    func isPlanned(_ service: String) -> Bool {
        strategies[service] != nil
    }

    func plannedService(_ name: String) -> DesiredService? {
        planned.first { $0.name == name }
    }

    /// Engine-side names of the networks and volumes the planned services use; nil when every service is
    /// planned (then every declared network and volume is ensured, as docker compose does).
    func usedResourceNames() -> (networks: Set<String>, volumes: Set<String>)? {
        guard planned.count != desired.services.count else { return nil }
        var networks: Set<String> = []
        var volumes: Set<String> = []
        for service in planned {
            for container in service.containers {
                networks.formUnion(container.spec.networks.map(\.network))
                for mount in container.spec.mounts where mount.kind == .volume {
                    if let source = mount.source { volumes.insert(source) }
                }
            }
        }
        return (networks, volumes)
    }
}
