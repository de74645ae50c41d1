import EngineAPI

/// The fake engine's state as a plain value: every rule dockerd applies that the reconciler can observe,
/// as synchronous mutations that throw the error dockerd would return. `FakeEngine` wraps it in an actor
/// and adds call recording and fault injection.
struct FakeEngineStore: Sendable {
    struct Container: Sendable {
        var id: String
        var name: String
        var spec: ContainerSpec
        var imageID: String
        var state: ObservedContainer.State = .created
        var health: ObservedContainer.Health = .none
        var exitCode: Int?
        var restartCount = 0
        var created: Double
        /// Network name → the id of the network it was attached to. dockerd keeps the id, so a container
        /// whose network was removed and re-created under the same name cannot start.
        var attachments: [String: Attachment] = [:]
        var anonymousVolumes: [String] = []
        var ignoresStopSignal = false
        /// Everything the container's process "printed", oldest first.
        var logs: [LogEntry] = []
        /// Fake-clock times of the last start and exit (nil until they happen).
        var startedAt: Double?
        var finishedAt: Double?
        var healthLog: [String] = []
        /// Published ports as bound by the last start; empty while not running.
        var boundPorts: [ObservedPort] = []

        var isActive: Bool { state == .running || state == .paused || state == .restarting }
        var hasHealthcheck: Bool { spec.healthcheck.map { $0.test.first != "NONE" && !$0.test.isEmpty } ?? false }
    }

    struct LogEntry: Sendable {
        var stream: LogLine.Stream
        var text: String
        var time: Double
    }

    struct Attachment: Sendable {
        var networkID: String
        var attachment: NetworkAttachment
    }

    struct Network: Sendable {
        var id: String
        var spec: NetworkSpec
        var subnets: [String]
        /// `bridge`, `host`, `none`: present on every dockerd, unlabelled, never removable.
        var predefined = false
    }

    struct Volume: Sendable {
        var name: String
        var driver: String
        var labels: [String: String]
    }

    var capabilities: EngineCapabilities
    var containers: [Container] = []
    var networks: [Network] = []
    var volumes: [Volume] = []
    /// Normalised reference → image id, the images present locally.
    var images: [String: String] = [:]
    /// Normalised reference → image id, what `pullImage` can fetch.
    var registry: [String: String] = [:]
    /// Feeds every generated id, so ids depend only on the order of calls.
    var counter = 0
    /// The fake clock for `created`, one second per container.
    var clock: Double = 1_700_000_000
    /// Milliseconds handed out since the last container creation (see `tick()`).
    var ticks = 0
    var nextSubnet = 18
    /// dockerd hands out ephemeral host ports from the kernel's local range, which starts at 32768.
    var nextHostPort = 32768
    /// Events and exits since the actor last collected them (it delivers them to streams and waiters).
    var pendingEvents: [EngineEvent] = []
    var pendingExits: [(container: String, code: Int)] = []

    init(capabilities: EngineCapabilities) {
        self.capabilities = capabilities
        for name in ["bridge", "host", "none"] {
            var spec = NetworkSpec(name: name)
            spec.driver = name == "none" ? "null" : name
            networks.append(Network(id: FakeIdentifiers.hex64("network:\(name)"), spec: spec,
                                    subnets: name == "bridge" ? ["172.17.0.0/16"] : [], predefined: true))
        }
    }

    /// A fresh instant for an event or a log line: one millisecond after the previous one, always after the
    /// last container's creation time and before the next one's (creation times stay whole seconds).
    mutating func tick() -> Double {
        ticks += 1
        if ticks >= 1000 {
            clock += 1
            ticks = 1
        }
        return clock - 1 + Double(ticks) / 1000
    }

    mutating func nextID(_ kind: String) -> String {
        counter += 1
        return FakeIdentifiers.hex64("\(kind):\(counter)")
    }

    // MARK: Lookup

    /// dockerd accepts a full id, a name, or an unambiguous id prefix.
    func containerIndex(_ reference: String) throws(EngineError) -> Int {
        let name = reference.hasPrefix("/") ? String(reference.dropFirst()) : reference
        if let index = containers.firstIndex(where: { $0.id == reference || $0.name == name }) { return index }
        let matches = containers.indices.filter { !reference.isEmpty && containers[$0].id.hasPrefix(reference) }
        if matches.count == 1, let index = matches.first { return index }
        throw EngineError(.notFound, "No such container: \(reference)")
    }

    func networkIndex(_ reference: String) throws(EngineError) -> Int {
        if let index = networks.firstIndex(where: { $0.id == reference || $0.spec.name == reference }) { return index }
        let matches = networks.indices.filter { !reference.isEmpty && networks[$0].id.hasPrefix(reference) }
        if matches.count == 1, let index = matches.first { return index }
        throw EngineError(.notFound, "network \(reference) not found", resource: ResourceID(.network, reference))
    }

    func volumeIndex(_ name: String) throws(EngineError) -> Int {
        if let index = volumes.firstIndex(where: { $0.name == name }) { return index }
        throw EngineError(.notFound, "get \(name): no such volume", resource: ResourceID(.volume, name))
    }

    func resourceID(of container: Container) -> ResourceID? {
        guard let service = container.spec.labels[OwnershipLabels.service] else { return nil }
        guard let number = container.spec.labels[OwnershipLabels.containerNumber].flatMap({ Int($0) }) else {
            return ResourceID(.service, service)
        }
        return .container(service: service, number: number)
    }

    /// dockerd's rule for container names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
    static func isValidContainerName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count >= 2 else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        return alphanumeric(bytes[0]) && bytes.dropFirst().allSatisfy { alphanumeric($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D }
    }

    // MARK: Images

    func imageID(_ reference: String) -> String? {
        if reference.hasPrefix("sha256:") { return images.values.contains(reference) ? reference : nil }
        return images[FakeIdentifiers.normalizedReference(reference)]
    }

    mutating func pullImage(_ reference: String) throws(EngineError) {
        guard let parsed = ImageReference(parsing: reference) else {
            throw EngineError(.invalidArgument, "invalid reference format: \(reference)", resource: ResourceID(.image, reference))
        }
        guard let id = registry[parsed.description] else {
            throw EngineError(.notFound,
                              "pull access denied for \(parsed.repository), repository does not exist or may require 'docker login'",
                              resource: ResourceID(.image, reference))
        }
        images[parsed.description] = id
    }

    // MARK: Observation

    func observedContainer(_ container: Container) -> ObservedContainer {
        ObservedContainer(id: container.id, name: container.name, image: container.spec.image,
                          imageID: container.imageID, labels: container.spec.labels, state: container.state,
                          health: container.health, exitCode: container.exitCode,
                          restartCount: container.restartCount, networks: container.attachments.keys.sorted(),
                          created: container.created, command: Self.commandText(container.spec),
                          status: Self.statusText(container), ports: observedPorts(container))
    }

    func observedNetwork(_ network: Network) -> ObservedNetwork {
        let attached = containers.filter { container in
            container.attachments.values.contains { $0.networkID == network.id }
        }
        return ObservedNetwork(id: network.id, name: network.spec.name, driver: network.spec.driver ?? "bridge",
                               labels: network.spec.labels, isInternal: network.spec.isInternal,
                               enableIPv6: network.spec.enableIPv6 ?? false, subnets: network.subnets,
                               containers: attached.map(\.id))
    }

    func observedVolume(_ volume: Volume) -> ObservedVolume {
        ObservedVolume(name: volume.name, driver: volume.driver, labels: volume.labels)
    }

    func observe(project: String) -> ObservedState {
        func owned(_ labels: [String: String]) -> Bool { labels[OwnershipLabels.project] == project }
        return ObservedState(
            containers: containers.filter { owned($0.spec.labels) }.map(observedContainer),
            networks: networks.filter { owned($0.spec.labels) }.map(observedNetwork),
            volumes: volumes.filter { owned($0.labels) }.map(observedVolume)
        )
    }

    /// Everything the engine holds except the predefined networks, whatever its labels.
    func snapshot() -> ObservedState {
        ObservedState(
            containers: containers.map(observedContainer),
            networks: networks.filter { !$0.predefined }.map(observedNetwork),
            volumes: volumes.map(observedVolume)
        )
    }
}
