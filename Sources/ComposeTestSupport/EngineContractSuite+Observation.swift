import EngineAPI

extension EngineContractSuite {
    static let observationChecks: [EngineContractCheck] = [
        EngineContractCheck("the engine answers ping and names its endpoint", ping),
        EngineContractCheck("labels round-trip exactly", labelsRoundTrip),
        EngineContractCheck("observe returns the project's containers, networks and volumes only", observeFilters),
        EngineContractCheck("acting on an absent object fails with notFound", absentObjects),
        EngineContractCheck("images: a local one has an id, an unknown one has none and cannot be run", images),
    ]

    /// Values that a careless engine mangles: empty, `=`, commas, quotes, spaces, newlines, non-ASCII.
    static let trickyLabels: [String: String] = [
        "io.swift-compose.contract.empty": "",
        "io.swift-compose.contract.equals": "a=b=c",
        "io.swift-compose.contract.list": "x,y;z",
        "io.swift-compose.contract.quote": "say \"hi\" 'there'",
        "io.swift-compose.contract.space": "  padded  ",
        "io.swift-compose.contract.lines": "one\ntwo",
        "io.swift-compose.contract.unicode": "Grüße, 世界 ✓",
        "io.swift-compose.contract.json": #"{"k":[1,2]}"#,
    ]

    private static func ping(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        try await run.step("ping") { () throws(EngineError) in try await engine.ping() }
        // The project lock is keyed by the endpoint, so it must name something.
        try run.require(!engine.endpoint.isEmpty, "the engine's endpoint must not be empty")
    }

    private static func labelsRoundTrip(_ run: EngineContractRun) async throws(EngineContractViolation) {
        var network = run.networkSpec("labelled")
        network.labels.merge(trickyLabels) { _, new in new }
        _ = try await run.createNetwork(network)
        var volume = run.volumeSpec("labelled")
        volume.labels.merge(trickyLabels) { _, new in new }
        try await run.createVolume(volume)
        var spec = run.containerSpec("labelled")
        spec.labels.merge(trickyLabels) { _, new in new }
        let id = try await run.createContainer(spec)

        let state = try await run.observe()
        guard let container = state.containers.first(where: { $0.id == id }) else {
            throw run.violation("observe(\(run.project)) lacks the labelled container \(spec.name); labels decide what observe returns")
        }
        // dockerd adds the image's labels to a container's, so only the keys we set must match exactly.
        try expectLabels(run, "container", sent: spec.labels, observed: container.labels.filter { spec.labels[$0.key] != nil })
        let observedNetwork = state.networks.first { $0.name == network.name }
        try expectLabels(run, "network", sent: network.labels, observed: observedNetwork?.labels ?? [:])
        let observedVolume = state.volumes.first { $0.name == volume.name }
        try expectLabels(run, "volume", sent: volume.labels, observed: observedVolume?.labels ?? [:])
    }

    private static func expectLabels(_ run: EngineContractRun, _ kind: String, sent: [String: String],
                                     observed: [String: String]) throws(EngineContractViolation) {
        let differences = Set(sent.keys).union(observed.keys).sorted().compactMap { key -> String? in
            let before = sent[key], after = observed[key]
            guard before != after else { return nil }
            return "\(key) sent \(before.map { "\"\($0)\"" } ?? "nothing"), observed \(after.map { "\"\($0)\"" } ?? "nothing")"
        }
        try run.require(differences.isEmpty, "\(kind) labels must round-trip exactly: \(differences.joined(separator: "; "))")
    }

    private static func observeFilters(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let network = run.networkSpec("default")
        let volume = run.volumeSpec("data")
        _ = try await run.createNetwork(network)
        try await run.createVolume(volume)
        var spec = run.containerSpec("web")
        spec.networks = [NetworkAttachment(network: network.name)]
        spec.mounts = [MountSpec(kind: .volume, source: volume.name, target: "/data")]
        let mine = try await run.createContainer(spec)

        let other = run.otherProject
        _ = try await run.createNetwork(run.networkSpec("default", project: other))
        try await run.createVolume(run.volumeSpec("data", project: other))
        let theirs = try await run.createContainer(run.containerSpec("web", project: other))
        var unlabelled = run.containerSpec("stray")
        unlabelled.labels = [:]
        _ = try await run.createContainer(unlabelled)

        let state = try await run.observe()
        try run.require(state.containers.map(\.id) == [mine],
                        "observe(\(run.project)) must return only its container, returned \(state.containers.map(\.name))")
        try run.require(state.networks.map(\.name) == [network.name],
                        "observe(\(run.project)) must return only its network, returned \(state.networks.map(\.name))")
        try run.require(state.volumes.map(\.name) == [volume.name],
                        "observe(\(run.project)) must return only its volume, returned \(state.volumes.map(\.name))")
        try run.require(state.containers.first?.networks == [network.name],
                        "the observed container must be on \(network.name), it is on \(state.containers.first?.networks ?? [])")
        try run.require(state.containers.first?.project == run.project, "the observed container must carry the project label")

        let theirState = try await run.observe(other)
        try run.require(theirState.containers.map(\.id) == [theirs] && theirState.networks.count == 1 && theirState.volumes.count == 1,
                        "observe(\(other)) must return its own container, network and volume, returned "
                            + "\(theirState.containers.map(\.name)) \(theirState.networks.map(\.name)) \(theirState.volumes.map(\.name))")
    }

    private static func absentObjects(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let container = "\(run.project)-absent-1"
        let network = "\(run.project)_absent"
        let volume = "\(run.project)_absent"
        try await run.expectFailure(.notFound, "removing absent container \(container)") { () throws(EngineError) in
            try await engine.removeContainer(container, force: true, removeVolumes: false)
        }
        try await run.expectFailure(.notFound, "starting absent container \(container)") { () throws(EngineError) in
            try await engine.startContainer(container)
        }
        try await run.expectFailure(.notFound, "stopping absent container \(container)") { () throws(EngineError) in
            try await engine.stopContainer(container, timeout: 0)
        }
        try await run.expectFailure(.notFound, "renaming absent container \(container)") { () throws(EngineError) in
            try await engine.renameContainer(container, to: "\(run.project)-absent-2")
        }
        try await run.expectFailure(.notFound, "removing absent network \(network)") { () throws(EngineError) in
            try await engine.removeNetwork(network)
        }
        try await run.expectFailure(.notFound, "removing absent volume \(volume)") { () throws(EngineError) in
            try await engine.removeVolume(volume)
        }
        let id = try await run.createContainer(run.containerSpec("lonely"))
        try await run.expectFailure(.notFound, "connecting to absent network \(network)") { () throws(EngineError) in
            try await engine.connect(container: id, to: NetworkAttachment(network: network))
        }
        try await run.step("remove") { () throws(EngineError) in try await engine.removeContainer(id, force: false, removeVolumes: false) }
        try await run.expectFailure(.notFound, "removing a container twice") { () throws(EngineError) in
            try await engine.removeContainer(id, force: false, removeVolumes: false)
        }
    }

    private static func images(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let image = run.context.image
        let local = try await run.step("imageID(\(image))") { () throws(EngineError) in try await engine.imageID(image) }
        try run.require(local?.hasPrefix("sha256:") == true, "a local image must have a sha256: id, \(image) has \(local ?? "nil")")
        let absent = "swift-compose-contract/absent-\(run.project.lowercased()):none"
        let unknown = try await run.step("imageID(\(absent))") { () throws(EngineError) in try await engine.imageID(absent) }
        try run.require(unknown == nil, "an unknown image must have no id, \(absent) has \(unknown ?? "")")
        var spec = run.containerSpec("imageless")
        spec.image = absent
        try await run.expectFailure(.notFound, "creating a container from absent image \(absent)") { () throws(EngineError) in
            try await engine.createContainer(spec)
        }
        let state = try await run.observe()
        try run.require(state.containers.isEmpty, "a refused create must leave no container, found \(state.containers.map(\.name))")
    }
}
