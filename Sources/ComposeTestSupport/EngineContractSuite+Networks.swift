import EngineAPI

extension EngineContractSuite {
    static let networkChecks: [EngineContractCheck] = [
        EngineContractCheck("a network is created once, connected, disconnected and removed", networkLifecycle),
        EngineContractCheck("a network with a running container is not removed", networkInUse),
        EngineContractCheck("a volume is created and removed, never while a container uses it", volumeLifecycle),
    ]

    private static func networkLifecycle(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let first = run.networkSpec("front")
        let firstID = try await run.createNetwork(first)
        try await run.expectFailure(.conflict, "creating network \(first.name) a second time") { () throws(EngineError) in
            try await engine.createNetwork(first)
        }
        let observed = try await run.observe().networks
        try run.require(observed.map(\.name) == [first.name], "observed networks \(observed.map(\.name)), expected [\(first.name)]")
        try run.require(observed.first?.id == firstID, "the observed network id must be the one create returned (\(firstID))")

        let second = run.networkSpec("back")
        _ = try await run.createNetwork(second)
        var spec = run.containerSpec("linked")
        spec.networks = [NetworkAttachment(network: first.name)]
        let id = try await run.createContainer(spec)
        try await expectNetworks(run, id, [first.name], after: "create")

        var attachment = NetworkAttachment(network: second.name)
        attachment.aliases = ["linked"]
        try await run.step("connect to \(second.name)") { () throws(EngineError) in try await engine.connect(container: id, to: attachment) }
        try await expectNetworks(run, id, [first.name, second.name], after: "connect")
        let backend = try await run.observe().networks.first { $0.name == second.name }
        try run.require(backend?.containers == [id],
                        "network \(second.name) must list the connected container, it lists \(backend?.containers ?? [])")

        try await run.step("disconnect from \(second.name)") { () throws(EngineError) in
            try await engine.disconnect(container: id, from: second.name)
        }
        try await expectNetworks(run, id, [first.name], after: "disconnect")
        try await run.step("remove network \(second.name)") { () throws(EngineError) in try await engine.removeNetwork(second.name) }
        let left = try await run.observe().networks
        try run.require(left.map(\.name) == [first.name], "after removing \(second.name) the networks must be [\(first.name)], are \(left.map(\.name))")
    }

    private static func expectNetworks(_ run: EngineContractRun, _ id: String, _ expected: Set<String>,
                                       after what: String) async throws(EngineContractViolation) {
        let networks = Set(try await run.container(id).networks)
        try run.require(networks == expected, "after \(what) the container must be on \(expected.sorted()), it is on \(networks.sorted())")
    }

    private static func networkInUse(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let network = run.networkSpec("busy")
        _ = try await run.createNetwork(network)
        var spec = run.containerSpec("member")
        spec.networks = [NetworkAttachment(network: network.name)]
        let id = try await run.createContainer(spec)
        try await run.step("start") { () throws(EngineError) in try await engine.startContainer(id) }
        try await run.expectFailure(.conflict, "removing network \(network.name) while a running container uses it") { () throws(EngineError) in
            try await engine.removeNetwork(network.name)
        }
        let observed = try await run.observe().networks
        try run.require(observed.map(\.name) == [network.name], "a refused removal must keep the network, observed \(observed.map(\.name))")
        try await run.step("remove container") { () throws(EngineError) in try await engine.removeContainer(id, force: true, removeVolumes: true) }
        try await run.step("remove network") { () throws(EngineError) in try await engine.removeNetwork(network.name) }
        let left = try await run.observe().networks
        try run.require(left.isEmpty, "a removed network must not be observed, found \(left.map(\.name))")
    }

    private static func volumeLifecycle(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let volume = run.volumeSpec("data")
        try await run.createVolume(volume)
        let observed = try await run.observe().volumes
        try run.require(observed.map(\.name) == [volume.name], "observed volumes \(observed.map(\.name)), expected [\(volume.name)]")
        try run.require(observed.first?.driver == "local", "a volume created without a driver must use local, it uses \(observed.first?.driver ?? "nil")")

        var spec = run.containerSpec("user")
        spec.mounts = [MountSpec(kind: .volume, source: volume.name, target: "/data")]
        let id = try await run.createContainer(spec)
        try await run.expectFailure(.conflict, "removing volume \(volume.name) while a container uses it") { () throws(EngineError) in
            try await engine.removeVolume(volume.name)
        }
        try await run.step("remove container") { () throws(EngineError) in try await engine.removeContainer(id, force: false, removeVolumes: false) }
        let kept = try await run.observe().volumes
        try run.require(kept.map(\.name) == [volume.name], "removing a container must keep its named volume, observed \(kept.map(\.name))")
        try await run.step("remove volume") { () throws(EngineError) in try await engine.removeVolume(volume.name) }
        let left = try await run.observe().volumes
        try run.require(left.isEmpty, "a removed volume must not be observed, found \(left.map(\.name))")
    }
}
