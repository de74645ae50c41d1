import EngineAPI

extension EngineContractSuite {
    static let containerChecks: [EngineContractCheck] = [
        EngineContractCheck("a container goes from created to running to exited and back", lifecycle),
        EngineContractCheck("a running container is removed only with force", removeRunning),
        EngineContractCheck("a killed container exits with 128 + the signal number", kill),
        EngineContractCheck("a container name is held by one container at a time", nameConflict),
        EngineContractCheck("a container is renamed, never onto a taken name", rename),
        EngineContractCheck("a container is paused and unpaused when the engine can pause", pause),
    ]

    private static func lifecycle(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let spec = run.containerSpec("life")
        let id = try await run.createContainer(spec)
        let created = try await run.container(id)
        try run.require(created.state == .created, "a new container must be created, it is \(created.state)")
        try run.require(created.name == spec.name, "observed name \(created.name), created as \(spec.name)")
        try run.require(created.image == spec.image, "observed image \(created.image), created with \(spec.image)")
        try run.require(created.created > 0, "a container must have a creation time, it has \(created.created)")
        let imageID = try await run.step("imageID(\(spec.image))") { () throws(EngineError) in try await engine.imageID(spec.image) }
        try run.require(imageID != nil && created.imageID == imageID,
                        "the container must run image \(imageID ?? "nil"), it reports \(created.imageID ?? "nil")")

        try await run.step("start") { () throws(EngineError) in try await engine.startContainer(id) }
        try await run.expectState(id, .running, after: "start")
        try await run.step("start of a running container") { () throws(EngineError) in try await engine.startContainer(id) }
        try await run.expectState(id, .running, after: "a second start")

        try await run.step("stop") { () throws(EngineError) in try await engine.stopContainer(id, timeout: 0) }
        let stopped = try await run.container(id)
        try run.require(stopped.state == .exited, "after stop the container must be exited, it is \(stopped.state)")
        try run.require(stopped.exitCode != nil, "a stopped container must report an exit code")
        try await run.step("stop of a stopped container") { () throws(EngineError) in try await engine.stopContainer(id, timeout: 0) }
        try await run.expectState(id, .exited, after: "a second stop")

        try await run.step("start of an exited container") { () throws(EngineError) in try await engine.startContainer(id) }
        try await run.expectState(id, .running, after: "starting the exited container")
        try await run.step("stop") { () throws(EngineError) in try await engine.stopContainer(id, timeout: 0) }
        try await run.step("remove") { () throws(EngineError) in try await engine.removeContainer(id, force: false, removeVolumes: false) }
        let left = try await run.observe()
        try run.require(!left.containers.contains { $0.id == id }, "a removed container must not be observed")
    }

    private static func removeRunning(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let id = try await run.createContainer(run.containerSpec("busy"))
        try await run.step("start") { () throws(EngineError) in try await engine.startContainer(id) }
        try await run.expectFailure(.conflict, "removing a running container without force") { () throws(EngineError) in
            try await engine.removeContainer(id, force: false, removeVolumes: false)
        }
        try await run.expectState(id, .running, after: "a refused removal")
        try await run.step("forced remove") { () throws(EngineError) in try await engine.removeContainer(id, force: true, removeVolumes: true) }
        let left = try await run.observe()
        try run.require(left.containers.isEmpty, "after a forced remove no container may be observed, found \(left.containers.map(\.name))")
    }

    private static func kill(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let id = try await run.createContainer(run.containerSpec("victim"))
        try await run.expectFailure(.conflict, "killing a container that is not running") { () throws(EngineError) in
            try await engine.killContainer(id, signal: "SIGKILL")
        }
        try await run.step("start") { () throws(EngineError) in try await engine.startContainer(id) }
        try await run.step("kill") { () throws(EngineError) in try await engine.killContainer(id, signal: "SIGKILL") }
        let killed = try await run.eventually(id, .exited, after: "SIGKILL")
        try run.require(killed.exitCode == 137, "a container killed by SIGKILL must exit with 137, it reports \(killed.exitCode.map(String.init) ?? "nil")")
    }

    private static func nameConflict(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let spec = run.containerSpec("unique")
        let id = try await run.createContainer(spec)
        var twin = spec
        twin.labels[OwnershipLabels.containerNumber] = "2"
        try await run.expectFailure(.conflict, "creating a second container named \(spec.name)") { () throws(EngineError) in
            try await engine.createContainer(twin)
        }
        let state = try await run.observe()
        try run.require(state.containers.map(\.id) == [id],
                        "only the first container may exist, observed \(state.containers.map { "\($0.name) \($0.id)" })")
    }

    private static func rename(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let first = try await run.createContainer(run.containerSpec("one"))
        let second = try await run.createContainer(run.containerSpec("two"))
        let taken = "\(run.project)-two-1"
        try await run.expectFailure(.conflict, "renaming onto the taken name \(taken)") { () throws(EngineError) in
            try await engine.renameContainer(first, to: taken)
        }
        let newName = "\(run.project)-three-1"
        try await run.step("rename to \(newName)") { () throws(EngineError) in try await engine.renameContainer(first, to: newName) }
        let renamed = try await run.container(first)
        try run.require(renamed.name == newName, "the renamed container must be named \(newName), it is \(renamed.name)")
        let other = try await run.container(second)
        try run.require(other.name == taken, "renaming must not touch other containers, \(taken) became \(other.name)")
        // The old name is free again.
        _ = try await run.createContainer(run.containerSpec("one"))
    }

    private static func pause(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let id = try await run.createContainer(run.containerSpec("sleepy"))
        try await run.step("start") { () throws(EngineError) in try await engine.startContainer(id) }
        guard engine.capabilities.pause else {
            try await run.expectFailure(.unsupported, "pausing on an engine without the pause capability") { () throws(EngineError) in
                try await engine.pauseContainer(id)
            }
            return
        }
        try await run.step("pause") { () throws(EngineError) in try await engine.pauseContainer(id) }
        try await run.expectState(id, .paused, after: "pause")
        try await run.expectFailure(.conflict, "removing a paused container without force") { () throws(EngineError) in
            try await engine.removeContainer(id, force: false, removeVolumes: false)
        }
        try await run.step("unpause") { () throws(EngineError) in try await engine.unpauseContainer(id) }
        try await run.expectState(id, .running, after: "unpause")
        try await run.expectFailure(.conflict, "unpausing a running container") { () throws(EngineError) in
            try await engine.unpauseContainer(id)
        }
    }
}
