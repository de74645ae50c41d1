import EngineAPI

/// One run of a contract check: the context, what the check created (for clean-up), and the small steps
/// checks are written in. Every engine error becomes a violation naming the step that failed.
final class EngineContractRun {
    let check: String
    let context: EngineContractContext
    private var containers: [String] = []
    private var networks: [String] = []
    private var volumes: [String] = []
    private var images: [String] = []
    private var projects: [String]

    init(check: String, context: EngineContractContext) {
        self.check = check
        self.context = context
        self.projects = [context.project]
    }

    var engine: any ContainerEngine { context.engine }
    var project: String { context.project }
    /// A second project, for checks about what belongs to which.
    var otherProject: String { context.project + "-other" }

    // MARK: Specs

    func labels(project: String? = nil, service: String) -> [String: String] {
        [OwnershipLabels.project: project ?? self.project, OwnershipLabels.service: service,
         OwnershipLabels.containerNumber: "1", OwnershipLabels.oneoff: "False"]
    }

    /// `<project>-<service>-1`, labelled like a compose container, running the context's image and command.
    func containerSpec(_ service: String, project: String? = nil) -> ContainerSpec {
        let owner = project ?? self.project
        var spec = ContainerSpec(name: "\(owner)-\(service)-1", image: context.image)
        spec.command = context.command
        spec.labels = labels(project: owner, service: service)
        return spec
    }

    func networkSpec(_ key: String, project: String? = nil) -> NetworkSpec {
        let owner = project ?? self.project
        var spec = NetworkSpec(name: "\(owner)_\(key)")
        spec.labels = [OwnershipLabels.project: owner, OwnershipLabels.network: key]
        return spec
    }

    func volumeSpec(_ key: String, project: String? = nil) -> VolumeSpec {
        let owner = project ?? self.project
        var spec = VolumeSpec(name: "\(owner)_\(key)")
        spec.labels = [OwnershipLabels.project: owner, OwnershipLabels.volume: key]
        return spec
    }

    // MARK: Steps that create (and remember for clean-up)

    func createContainer(_ spec: ContainerSpec) async throws(EngineContractViolation) -> String {
        track(project: spec.labels[OwnershipLabels.project])
        let id = try await step("create container \(spec.name)") { () throws(EngineError) in try await engine.createContainer(spec) }
        try require(!id.isEmpty, "createContainer(\(spec.name)) returned an empty id")
        containers.append(id)
        return id
    }

    func createNetwork(_ spec: NetworkSpec) async throws(EngineContractViolation) -> String {
        track(project: spec.labels[OwnershipLabels.project])
        networks.append(spec.name)
        let id = try await step("create network \(spec.name)") { () throws(EngineError) in try await engine.createNetwork(spec) }
        try require(!id.isEmpty, "createNetwork(\(spec.name)) returned an empty id")
        return id
    }

    func createVolume(_ spec: VolumeSpec) async throws(EngineContractViolation) {
        track(project: spec.labels[OwnershipLabels.project])
        volumes.append(spec.name)
        try await step("create volume \(spec.name)") { () throws(EngineError) in try await engine.createVolume(spec) }
    }

    /// Remembers an image reference the check may create, so clean-up removes it.
    func trackImage(_ reference: String) {
        images.append(reference)
    }

    private func track(project: String?) {
        if let project, !projects.contains(project) { projects.append(project) }
    }

    // MARK: Steps and expectations

    func step<T>(_ what: String, _ body: () async throws(EngineError) -> T) async throws(EngineContractViolation) -> T {
        do {
            return try await body()
        } catch {
            throw violation("\(what) failed: \(error.code): \(error)")
        }
    }

    /// The call must fail with `code`; succeeding or failing otherwise is a violation.
    func expectFailure<T>(_ code: EngineError.Code, _ what: String,
                          _ body: () async throws(EngineError) -> T) async throws(EngineContractViolation) {
        do {
            _ = try await body()
        } catch {
            try require(error.code == code, "\(what) must fail with \(code), failed with \(error.code): \(error)")
            return
        }
        throw violation("\(what) must fail with \(code), but succeeded")
    }

    func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(EngineContractViolation) {
        if !condition { throw violation(message()) }
    }

    func violation(_ message: String) -> EngineContractViolation {
        EngineContractViolation(check: check, message: message)
    }

    func observe(_ project: String? = nil) async throws(EngineContractViolation) -> ObservedState {
        let owner = project ?? self.project
        return try await step("observe \(owner)") { () throws(EngineError) in try await engine.observe(project: owner) }
    }

    /// The observed container with `id`; its absence is a violation.
    func container(_ id: String, project: String? = nil) async throws(EngineContractViolation) -> ObservedContainer {
        let state = try await observe(project)
        guard let container = state.containers.first(where: { $0.id == id }) else {
            throw violation("observe(\(project ?? self.project)) lacks container \(id); it has \(state.containers.map(\.name))")
        }
        return container
    }

    func expectState(_ id: String, _ expected: ObservedContainer.State, after what: String) async throws(EngineContractViolation) {
        let observed = try await container(id).state
        try require(observed == expected, "after \(what) the container must be \(expected), it is \(observed)")
    }

    /// Polls until the container reaches `expected`: some engines finish a kill after answering it. Up to
    /// about 20 seconds, so a slow machine passes and only a broken engine fails.
    func eventually(_ id: String, _ expected: ObservedContainer.State, after what: String) async throws(EngineContractViolation) -> ObservedContainer {
        var observed = try await container(id)
        for _ in 0..<200 where observed.state != expected {
            try? await Task.sleep(nanoseconds: 100_000_000)
            observed = try await container(id)
        }
        try require(observed.state == expected, "after \(what) the container must become \(expected), it stays \(observed.state)")
        return observed
    }

    // MARK: Clean-up

    /// Removes every container, network and volume the check created or that carries one of its projects'
    /// labels, then reports what could not be removed or is still observed.
    func cleanUp() async -> [String] {
        var problems: [String] = []
        var containerIDs = containers
        var networkNames = networks
        var volumeNames = volumes
        for project in projects {
            if let state = try? await engine.observe(project: project) {
                containerIDs += state.containers.map(\.id).filter { !containerIDs.contains($0) }
                networkNames += state.networks.map(\.name).filter { !networkNames.contains($0) }
                volumeNames += state.volumes.map(\.name).filter { !volumeNames.contains($0) }
            }
        }
        for id in containerIDs {
            await remove("container \(id)", into: &problems) { () throws(EngineError) in
                try await engine.removeContainer(id, force: true, removeVolumes: true)
            }
        }
        for name in networkNames {
            await remove("network \(name)", into: &problems) { () throws(EngineError) in try await engine.removeNetwork(name) }
        }
        for name in volumeNames {
            await remove("volume \(name)", into: &problems) { () throws(EngineError) in try await engine.removeVolume(name) }
        }
        for reference in images {
            await remove("image \(reference)", into: &problems) { () throws(EngineError) in try await engine.removeImage(reference, force: true) }
        }
        for project in projects {
            guard let state = try? await engine.observe(project: project) else { continue }
            let left = state.containers.map { "container \($0.name)" } + state.networks.map { "network \($0.name)" }
                + state.volumes.map { "volume \($0.name)" }
            if !left.isEmpty { problems.append("clean-up left \(left.joined(separator: ", ")) in project \(project)") }
        }
        return problems
    }

    private func remove(_ what: String, into problems: inout [String], _ body: () async throws(EngineError) -> Void) async {
        do {
            try await body()
        } catch where error.code == .notFound {
            // The check removed it already.
        } catch {
            problems.append("clean-up could not remove \(what): \(error)")
        }
    }
}
