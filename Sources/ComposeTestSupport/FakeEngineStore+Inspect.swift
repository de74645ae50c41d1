import EngineAPI

/// Reads beyond one project's observation, and the parts of an observed container dockerd renders as text.
extension FakeEngineStore {
    func observeAllProjects() -> [ObservedContainer] {
        containers.filter { $0.spec.labels[OwnershipLabels.project] != nil }.map(observedContainer)
    }

    /// Exact names only (dockerd's own name filter matches substrings; callers must not see that).
    func findContainers(names: [String]) -> [ObservedContainer] {
        let wanted = Set(names.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 })
        return containers.filter { wanted.contains($0.name) }.map(observedContainer)
    }

    func inspectNetwork(_ reference: String) -> ObservedNetwork? {
        guard let index = try? networkIndex(reference) else { return nil }
        return observedNetwork(networks[index])
    }

    func inspectVolume(_ name: String) -> ObservedVolume? {
        volumes.first { $0.name == name }.map(observedVolume)
    }

    func inspectContainer(_ reference: String) throws(EngineError) -> ContainerDetails {
        let container = containers[try containerIndex(reference)]
        return ContainerDetails(container: observedContainer(container), healthLog: container.healthLog,
                                startedAt: container.startedAt.map(FakeTime.rfc3339),
                                finishedAt: container.finishedAt.map(FakeTime.rfc3339))
    }

    // MARK: Text dockerd renders

    /// dockerd's list shows the process's path and arguments, quoting arguments that contain a space.
    static func commandText(_ spec: ContainerSpec) -> String {
        let argv = (spec.entrypoint ?? []) + (spec.command ?? [])
        guard let path = argv.first else { return "" }
        return ([path] + argv.dropFirst().map { $0.contains(" ") ? "'\($0)'" : $0 }).joined(separator: " ")
    }

    /// dockerd's status text; durations are always "Less than a second" since the fake clock does not run.
    static func statusText(_ container: Container) -> String {
        let duration = "Less than a second"
        switch container.state {
        case .created:
            return "Created"
        case .running:
            switch container.health {
            case .none: return "Up \(duration)"
            case .starting: return "Up \(duration) (health: starting)"
            case .healthy, .unhealthy: return "Up \(duration) (\(container.health.rawValue))"
            }
        case .paused:
            return "Up \(duration) (Paused)"
        case .restarting:
            return "Restarting (\(container.exitCode ?? 0)) \(duration) ago"
        case .removing:
            return "Removal In Progress"
        case .exited:
            return "Exited (\(container.exitCode ?? 0)) \(duration) ago"
        case .dead:
            return "Dead"
        }
    }

    /// Bound ports while the container runs, plus exposed ports nobody published; nothing otherwise.
    func observedPorts(_ container: Container) -> [ObservedPort] {
        guard container.isActive else { return [] }
        let published = Set(container.boundPorts.map { "\($0.containerPort)/\($0.portProtocol.rawValue)" })
        var exposed: [ObservedPort] = []
        for entry in container.spec.exposedPorts {
            let parts = entry.split(separator: "/", maxSplits: 1)
            let portProtocol = parts.count > 1 ? PortBinding.PortProtocol(rawValue: String(parts[1])) ?? .tcp : .tcp
            let range = parts.first.map { $0.split(separator: "-").compactMap { Int($0) } } ?? []
            guard let low = range.first else { continue }
            for port in low...max(low, range.last ?? low) where !published.contains("\(port)/\(portProtocol.rawValue)") {
                let observed = ObservedPort(containerPort: port, portProtocol: portProtocol)
                if !exposed.contains(observed) { exposed.append(observed) }
            }
        }
        return container.boundPorts + exposed
    }

    /// Binds the spec's published ports as dockerd does at start: a given host port (the first of a range),
    /// or the next ephemeral one; without a host IP on both 0.0.0.0 and ::.
    mutating func bindPorts(_ spec: ContainerSpec) -> [ObservedPort] {
        var bound: [ObservedPort] = []
        for binding in spec.ports {
            let hostPort: Int
            if let text = binding.hostPort, let first = text.split(separator: "-").first.flatMap({ Int($0) }), first > 0 {
                hostPort = first
            } else {
                hostPort = nextHostPort
                nextHostPort += 1
            }
            for ip in binding.hostIP.map({ [$0] }) ?? ["0.0.0.0", "::"] {
                bound.append(ObservedPort(containerPort: binding.containerPort, portProtocol: binding.portProtocol,
                                          hostIP: ip, hostPort: hostPort))
            }
        }
        return bound
    }

    // MARK: Logs

    /// The existing output of a container as `containerLogs` gives it: `tail` first, then `since`/`until`,
    /// like dockerd's json-file reader.
    func logLines(_ container: Container, _ options: LogOptions) -> [LogLine] {
        var entries = container.logs[...]
        if let tail = options.tail { entries = entries.suffix(max(tail, 0)) }
        return entries.compactMap { Self.logLine($0, options) }
    }

    static func logLine(_ entry: LogEntry, _ options: LogOptions) -> LogLine? {
        if let since = options.since, entry.time < since { return nil }
        if let until = options.until, entry.time >= until { return nil }
        return LogLine(stream: entry.stream, text: entry.text, timestamp: options.timestamps ? FakeTime.rfc3339(entry.time) : nil)
    }
}
