import EngineAPI

extension FakeEngineStore {
    mutating func createContainer(_ spec: ContainerSpec) throws(EngineError) -> String {
        var spec = spec
        if spec.name.isEmpty { spec.name = "fake_container_\(counter + 1)" }
        guard Self.isValidContainerName(spec.name) else {
            throw EngineError(.invalidArgument, "Invalid container name (\(spec.name)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        }
        if let holder = containers.first(where: { $0.name == spec.name }) {
            throw EngineError(.conflict,
                              "Conflict. The container name \"/\(spec.name)\" is already in use by container \"\(holder.id)\". "
                                  + "You have to remove (or rename) that container to be able to reuse that name.",
                              resource: resourceID(of: holder))
        }
        guard let imageID = imageID(spec.image) else {
            throw EngineError(.notFound, "No such image: \(spec.image)", resource: ResourceID(.image, spec.image))
        }
        let attachments = try attachmentsAtCreate(spec)
        let id = nextID("container")
        let created = clock
        var container = Container(id: id, name: spec.name, spec: spec, imageID: imageID, created: created)
        clock += 1
        ticks = 0
        container.attachments = attachments
        // dockerd creates named volumes a container mounts on the fly (unlabelled), and gives anonymous ones
        // a random name and the anonymous label.
        for mount in spec.mounts where mount.kind == .volume {
            if let source = mount.source {
                if !volumes.contains(where: { $0.name == source }) {
                    volumes.append(Volume(name: source, driver: "local", labels: [:]))
                    if let volume = volumes.last { emit(.volumeCreate, volume: volume) }
                }
            } else {
                let name = nextID("volume")
                volumes.append(Volume(name: name, driver: "local", labels: ["com.docker.volume.anonymous": ""]))
                if let volume = volumes.last { emit(.volumeCreate, volume: volume) }
                container.anonymousVolumes.append(name)
                container.spec.mounts = container.spec.mounts.map { $0 == mount ? Self.named(mount, name) : $0 }
            }
        }
        containers.append(container)
        emit(.create, container: containers.count - 1, time: created)
        return id
    }

    private static func named(_ mount: MountSpec, _ name: String) -> MountSpec {
        var mount = mount
        mount.source = name
        return mount
    }

    private func attachmentsAtCreate(_ spec: ContainerSpec) throws(EngineError) -> [String: Attachment] {
        var wanted = spec.networks
        switch spec.networkMode {
        case nil:
            if wanted.isEmpty { wanted = [NetworkAttachment(network: "bridge")] }
        case let mode? where mode.hasPrefix("container:"):
            _ = try containerIndex(String(mode.dropFirst("container:".count)))
            return [:]
        case let mode?:
            if !wanted.contains(where: { $0.network == mode }) { wanted.insert(NetworkAttachment(network: mode), at: 0) }
        }
        var attachments: [String: Attachment] = [:]
        for attachment in wanted {
            let network = networks[try networkIndex(attachment.network)]
            attachments[network.spec.name] = Attachment(networkID: network.id, attachment: attachment)
        }
        return attachments
    }

    mutating func startContainer(_ reference: String) throws(EngineError) {
        let index = try containerIndex(reference)
        let container = containers[index]
        switch container.state {
        case .running, .restarting:
            return  // dockerd answers 304 Not Modified
        case .paused:
            throw EngineError(.conflict, "cannot start a paused container, try unpause instead", resource: resourceID(of: container))
        case .removing, .dead:
            throw EngineError(.conflict, "container \(container.id) is marked for removal and cannot be started",
                              resource: resourceID(of: container))
        case .created, .exited:
            break
        }
        for (name, attachment) in container.attachments.sorted(by: { $0.key < $1.key })
        where !networks.contains(where: { $0.id == attachment.networkID }) {
            throw EngineError(.notFound, "network \(name) not found", resource: resourceID(of: container))
        }
        if let mode = container.spec.networkMode, mode.hasPrefix("container:") {
            let peer = containers[try containerIndex(String(mode.dropFirst("container:".count)))]
            guard peer.state == .running else {
                throw EngineError(.conflict, "cannot join network of a non running container: \(peer.id)",
                                  resource: resourceID(of: container))
            }
        }
        run(index)
    }

    /// The container's process starts (again): ports are bound, endpoints connected, and what the fake
    /// can play of its command (`FakeProcess`) is printed, possibly ending in an exit.
    mutating func run(_ index: Int) {
        containers[index].state = .running
        containers[index].exitCode = nil
        containers[index].health = containers[index].hasHealthcheck ? .starting : .none
        containers[index].boundPorts = bindPorts(containers[index].spec)
        emitEndpoints(.networkConnect, container: index)
        containers[index].startedAt = tick()
        emit(.start, container: index, time: containers[index].startedAt)
        let process = FakeProcess(containers[index].spec)
        for line in process.output {
            containers[index].logs.append(LogEntry(stream: line.stream, text: line.text, time: tick()))
        }
        if case .exits(let code) = process.ending { exit(index, code: code) }
    }

    mutating func stopContainer(_ reference: String) throws(EngineError) {
        let index = try containerIndex(reference)
        let container = containers[index]
        // A container that is not running answers 304 Not Modified: stopping it again is not an error.
        guard container.isActive else { return }
        // A process that ignores the stop signal (or is frozen) is killed when the timeout ends.
        let killed = container.ignoresStopSignal || container.state == .paused
        emit(.kill, container: index)
        if killed { emit(.kill, container: index) }
        exit(index, code: killed ? 137 : 0)
        emit(.stop, container: index)
    }

    mutating func killContainer(_ reference: String, signal: String) throws(EngineError) {
        let index = try containerIndex(reference)
        guard let number = Self.signalNumber(signal) else {
            throw EngineError(.invalidArgument, "Invalid signal: \(signal)")
        }
        guard containers[index].isActive else {
            throw EngineError(.conflict, "Container \(containers[index].id) is not running", resource: resourceID(of: containers[index]))
        }
        // The fake's processes die of every signal, with the shell's 128+n convention.
        emit(.kill, container: index)
        exit(index, code: 128 + number)
    }

    /// The container's process ended with `code`: `die`, then its endpoints are disconnected.
    mutating func exit(_ index: Int, code: Int) {
        containers[index].state = .exited
        containers[index].exitCode = code
        containers[index].finishedAt = tick()
        containers[index].boundPorts = []
        // dockerd reports a stopped container with a health check as unhealthy, never as still healthy.
        if containers[index].hasHealthcheck { containers[index].health = .unhealthy }
        emit(.die, container: index, time: containers[index].finishedAt)
        emitEndpoints(.networkDisconnect, container: index)
        pendingExits.append((containers[index].id, code))
    }

    mutating func removeContainer(_ reference: String, force: Bool, removeVolumes: Bool) throws(EngineError) {
        let index = try containerIndex(reference)
        let container = containers[index]
        if container.isActive && !force {
            let reason = container.state == .paused ? "container is paused" : "container is running"
            throw EngineError(.conflict,
                              "cannot remove container \"/\(container.name)\": \(reason): stop the container before removing or force remove",
                              resource: resourceID(of: container))
        }
        if container.isActive {
            // A forced removal kills the process first.
            emit(.kill, container: index)
            exit(index, code: 137)
        }
        emit(.destroy, container: index)
        containers.remove(at: index)
        if removeVolumes {
            let stillUsed = Set(containers.flatMap { $0.spec.mounts.compactMap(\.source) })
            for volume in volumes where container.anonymousVolumes.contains(volume.name) && !stillUsed.contains(volume.name) {
                emit(.volumeDestroy, volume: volume)
            }
            volumes.removeAll { container.anonymousVolumes.contains($0.name) && !stillUsed.contains($0.name) }
        }
    }

    mutating func renameContainer(_ reference: String, to name: String) throws(EngineError) {
        let index = try containerIndex(reference)
        let newName = name.hasPrefix("/") ? String(name.dropFirst()) : name
        guard Self.isValidContainerName(newName) else {
            throw EngineError(.invalidArgument, "Invalid container name (\(name)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        }
        guard containers[index].name != newName else {
            throw EngineError(.invalidArgument, "Renaming a container with the same name as its current name")
        }
        if let holder = containers.first(where: { $0.name == newName }) {
            throw EngineError(.conflict,
                              "Error when allocating new name: Conflict. The container name \"/\(newName)\" is already in use by container \"\(holder.id)\". "
                                  + "You have to remove (or rename) that container to be able to reuse that name.",
                              resource: resourceID(of: holder))
        }
        containers[index].name = newName
        emit(.rename, container: index)
    }

    mutating func pauseContainer(_ reference: String) throws(EngineError) {
        try requirePause()
        let index = try containerIndex(reference)
        switch containers[index].state {
        case .running:
            containers[index].state = .paused
            emit(.pause, container: index)
        case .paused:
            throw EngineError(.conflict, "container \(containers[index].id) is already paused", resource: resourceID(of: containers[index]))
        default:
            throw EngineError(.conflict, "container \(containers[index].id) is not running", resource: resourceID(of: containers[index]))
        }
    }

    mutating func unpauseContainer(_ reference: String) throws(EngineError) {
        try requirePause()
        let index = try containerIndex(reference)
        guard containers[index].state == .paused else {
            throw EngineError(.conflict, "container \(containers[index].id) is not paused", resource: resourceID(of: containers[index]))
        }
        containers[index].state = .running
        emit(.unpause, container: index)
    }

    private func requirePause() throws(EngineError) {
        guard capabilities.pause else { throw EngineError(.unsupported, "this engine cannot pause containers") }
    }

    /// `KILL`, `SIGKILL` and `9` name the same signal.
    static func signalNumber(_ signal: String) -> Int? {
        let numbers = ["HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "BUS": 7, "FPE": 8, "KILL": 9,
                       "USR1": 10, "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15, "STKFLT": 16,
                       "CHLD": 17, "CONT": 18, "STOP": 19, "TSTP": 20, "TTIN": 21, "TTOU": 22, "URG": 23,
                       "XCPU": 24, "XFSZ": 25, "VTALRM": 26, "PROF": 27, "WINCH": 28, "IO": 29, "PWR": 30, "SYS": 31]
        if let number = Int(signal) { return (1...64).contains(number) ? number : nil }
        let name = signal.uppercased()
        return numbers[name.hasPrefix("SIG") ? String(name.dropFirst(3)) : name]
    }
}
