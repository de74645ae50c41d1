import EngineAPI

extension EngineContractSuite {
    static let readChecks: [EngineContractCheck] = [
        EngineContractCheck("findContainers matches exact names, whatever the owner", findContainers),
        EngineContractCheck("observeAllProjects lists every project's containers and no unlabelled one", observeAllProjects),
        EngineContractCheck("inspectNetwork and inspectVolume find objects by name, whatever their labels", inspectNetworkAndVolume),
        EngineContractCheck("reading an absent container or image fails with notFound", absentReads),
    ]

    private static func findContainers(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        var foreign = run.containerSpec("foreign")
        foreign.labels = [:]
        let foreignID = try await run.createContainer(foreign)
        let owned = run.containerSpec("owned")
        let ownedID = try await run.createContainer(owned)

        let found = try await run.step("findContainers([\(foreign.name)])") { () throws(EngineError) in
            try await engine.findContainers(names: [foreign.name])
        }
        try run.require(found.map(\.id) == [foreignID],
                        "findContainers([\(foreign.name)]) must return the unlabelled container \(foreignID), returned \(found.map { "\($0.name) \($0.id)" })")
        try run.require(found.first?.name == foreign.name, "the found container must be named \(foreign.name), it is \(found.first?.name ?? "nil")")
        try run.require(found.first?.project == nil, "the found container must carry no project label, it has \(found.first?.project ?? "")")

        // dockerd's own name filter matches substrings; the call must not.
        let partial = [String(foreign.name.dropLast(2)), "foreign-1", String(foreign.name.dropFirst())]
        let none = try await run.step("findContainers(\(partial))") { () throws(EngineError) in try await engine.findContainers(names: partial) }
        try run.require(none.isEmpty, "findContainers(\(partial)) must match exact names only, returned \(none.map(\.name))")

        let both = try await run.step("findContainers of two names") { () throws(EngineError) in
            try await engine.findContainers(names: [owned.name, foreign.name])
        }
        try run.require(Set(both.map(\.id)) == [foreignID, ownedID] && both.count == 2,
                        "findContainers([\(owned.name), \(foreign.name)]) must return both containers once, returned \(both.map(\.name))")
        let nothing = try await run.step("findContainers([])") { () throws(EngineError) in try await engine.findContainers(names: []) }
        try run.require(nothing.isEmpty, "findContainers([]) must return nothing, returned \(nothing.map(\.name))")
    }

    private static func observeAllProjects(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let mine = try await run.createContainer(run.containerSpec("web"))
        let theirs = try await run.createContainer(run.containerSpec("web", project: run.otherProject))
        var stray = run.containerSpec("stray")
        stray.labels = [:]
        let strayID = try await run.createContainer(stray)

        let all = try await run.step("observeAllProjects") { () throws(EngineError) in try await engine.observeAllProjects() }
        let ids = Set(all.map(\.id))
        try run.require(ids.contains(mine) && ids.contains(theirs),
                        "observeAllProjects must list the containers of \(run.project) and \(run.otherProject), listed \(all.map(\.name))")
        try run.require(!ids.contains(strayID), "observeAllProjects must not list the unlabelled container \(stray.name)")
        let unowned = all.filter { $0.project == nil }
        try run.require(unowned.isEmpty, "every container observeAllProjects lists must carry a project label, these do not: \(unowned.map(\.name))")
        try run.require(all.first { $0.id == theirs }?.project == run.otherProject,
                        "the other project's container must carry its project label")
    }

    private static func inspectNetworkAndVolume(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let absent = "\(run.project)_absent"
        let noNetwork = try await run.step("inspectNetwork(\(absent))") { () throws(EngineError) in try await engine.inspectNetwork(absent) }
        try run.require(noNetwork == nil, "inspecting absent network \(absent) must give nil, gave \(noNetwork?.name ?? "")")
        let noVolume = try await run.step("inspectVolume(\(absent))") { () throws(EngineError) in try await engine.inspectVolume(absent) }
        try run.require(noVolume == nil, "inspecting absent volume \(absent) must give nil, gave \(noVolume?.name ?? "")")

        let network = run.networkSpec("inspected")
        let networkID = try await run.createNetwork(network)
        let external = NetworkSpec(name: "\(run.project)_external")
        let externalID = try await run.createNetwork(external)
        for (spec, id) in [(network, networkID), (external, externalID)] {
            let inspected = try await run.step("inspectNetwork(\(spec.name))") { () throws(EngineError) in try await engine.inspectNetwork(spec.name) }
            try run.require(inspected?.id == id && inspected?.name == spec.name,
                            "inspectNetwork(\(spec.name)) must give network \(id), gave \(inspected.map { "\($0.name) \($0.id)" } ?? "nil")")
            try run.require(inspected?.driver == "bridge", "network \(spec.name) must use the bridge driver, uses \(inspected?.driver ?? "nil")")
            let labels = inspected?.labels.filter { spec.labels[$0.key] != nil } ?? [:]
            try run.require(labels == spec.labels, "network \(spec.name) must carry labels \(spec.labels), carries \(inspected?.labels ?? [:])")
        }

        let volume = run.volumeSpec("inspected")
        try await run.createVolume(volume)
        let externalVolume = VolumeSpec(name: "\(run.project)_external")
        try await run.createVolume(externalVolume)
        for spec in [volume, externalVolume] {
            let inspected = try await run.step("inspectVolume(\(spec.name))") { () throws(EngineError) in try await engine.inspectVolume(spec.name) }
            try run.require(inspected?.name == spec.name, "inspectVolume(\(spec.name)) must find it, gave \(inspected?.name ?? "nil")")
            try run.require(inspected?.driver == "local", "volume \(spec.name) must use the local driver, uses \(inspected?.driver ?? "nil")")
            try run.require(inspected?.labels == spec.labels, "volume \(spec.name) must carry labels \(spec.labels), carries \(inspected?.labels ?? [:])")
        }
    }

    private static func absentReads(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let container = "\(run.project)-absent-1"
        try await run.expectFailure(.notFound, "inspecting absent container \(container)") { () throws(EngineError) in
            try await engine.inspectContainer(container)
        }
        let waited = try await run.within("waiting for absent container \(container)") { () async -> EngineError.Code? in
            do {
                _ = try await engine.waitContainer(container)
                return nil
            } catch let error as EngineError {
                return error.code
            } catch {
                return EngineError.Code(rawValue: "\(error)")
            }
        }
        try run.require(waited == .notFound, "waiting for absent container \(container) must fail with notFound, \(waited.map { "failed with \($0)" } ?? "succeeded")")
        let logged = try await run.within("logs of absent container \(container)") { () async -> String in
            do {
                for try await _ in engine.containerLogs(container, options: LogOptions()) {}
                return "succeeded"
            } catch let error as EngineError {
                return error.code == .notFound ? "notFound" : "failed with \(error.code)"
            } catch {
                return "failed with \(error)"
            }
        }
        try run.require(logged == "notFound", "the logs of absent container \(container) must fail with notFound, \(logged)")
        let image = "swift-compose-contract/absent-\(run.project.lowercased()):none"
        try await run.expectFailure(.notFound, "removing absent image \(image)") { () throws(EngineError) in
            try await engine.removeImage(image, force: false)
        }
        try await run.expectFailure(.notFound, "force-removing absent image \(image)") { () throws(EngineError) in
            try await engine.removeImage(image, force: true)
        }
    }
}
