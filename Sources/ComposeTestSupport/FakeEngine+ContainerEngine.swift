import EngineAPI

extension FakeEngine {
    /// Records the call, applies any fault due before it, runs it on the store, then applies any fault due
    /// after it (a failure after applying is a lost response: the change happened, the caller saw an error).
    func perform<T>(_ call: Call, _ body: (inout FakeEngineStore) throws(EngineError) -> T) async throws(EngineError) -> T {
        calls.append(call)
        try await injectFaults(into: call, at: .beforeApplying)
        let result: T
        do {
            result = try body(&store)
        } catch {
            settle()
            throw error
        }
        settle()
        try await injectFaults(into: call, at: .afterApplying)
        return result
    }

    public func ping() async throws(EngineError) {
        try await perform(.ping) { _ in }
    }

    public func observe(project: String) async throws(EngineError) -> ObservedState {
        try await perform(.observe(project: project)) { store in store.observe(project: project) }
    }

    public func createNetwork(_ spec: NetworkSpec) async throws(EngineError) -> String {
        try await perform(.createNetwork(spec)) { (store) throws(EngineError) in try store.createNetwork(spec) }
    }

    public func removeNetwork(_ name: String) async throws(EngineError) {
        try await perform(.removeNetwork(name)) { (store) throws(EngineError) in try store.removeNetwork(name) }
    }

    public func connect(container: String, to attachment: NetworkAttachment) async throws(EngineError) {
        try await perform(.connect(container: container, attachment: attachment)) { (store) throws(EngineError) in
            try store.connect(container: container, to: attachment)
        }
    }

    public func disconnect(container: String, from network: String) async throws(EngineError) {
        try await perform(.disconnect(container: container, network: network)) { (store) throws(EngineError) in
            try store.disconnect(container: container, from: network)
        }
    }

    public func createVolume(_ spec: VolumeSpec) async throws(EngineError) {
        try await perform(.createVolume(spec)) { (store) throws(EngineError) in try store.createVolume(spec) }
    }

    public func removeVolume(_ name: String) async throws(EngineError) {
        try await perform(.removeVolume(name)) { (store) throws(EngineError) in try store.removeVolume(name) }
    }

    public func imageID(_ reference: String) async throws(EngineError) -> String? {
        try await perform(.imageID(reference)) { store in store.imageID(reference) }
    }

    public func inspectImage(_ reference: String) async throws(EngineError) -> ImageDetails? {
        try await perform(.inspectImage(reference)) { store in store.inspectImage(reference) }
    }

    public func pushImage(_ reference: String) async throws(EngineError) {
        try await perform(.pushImage(reference)) { (store) throws(EngineError) in try store.pushImage(reference) }
    }

    public func pullImage(_ reference: String) async throws(EngineError) {
        try await perform(.pullImage(reference)) { (store) throws(EngineError) in try store.pullImage(reference) }
    }

    public func createContainer(_ spec: ContainerSpec) async throws(EngineError) -> String {
        try await perform(.createContainer(spec)) { (store) throws(EngineError) in try store.createContainer(spec) }
    }

    public func startContainer(_ id: String) async throws(EngineError) {
        try await perform(.startContainer(id)) { (store) throws(EngineError) in try store.startContainer(id) }
    }

    public func stopContainer(_ id: String, timeout: Int?) async throws(EngineError) {
        try await perform(.stopContainer(id, timeout: timeout)) { (store) throws(EngineError) in try store.stopContainer(id) }
    }

    public func killContainer(_ id: String, signal: String) async throws(EngineError) {
        try await perform(.killContainer(id, signal: signal)) { (store) throws(EngineError) in
            try store.killContainer(id, signal: signal)
        }
    }

    public func removeContainer(_ id: String, force: Bool, removeVolumes: Bool) async throws(EngineError) {
        try await perform(.removeContainer(id, force: force, removeVolumes: removeVolumes)) { (store) throws(EngineError) in
            try store.removeContainer(id, force: force, removeVolumes: removeVolumes)
        }
    }

    public func renameContainer(_ id: String, to name: String) async throws(EngineError) {
        try await perform(.renameContainer(id, to: name)) { (store) throws(EngineError) in try store.renameContainer(id, to: name) }
    }

    public func pauseContainer(_ id: String) async throws(EngineError) {
        try await perform(.pauseContainer(id)) { (store) throws(EngineError) in try store.pauseContainer(id) }
    }

    public func unpauseContainer(_ id: String) async throws(EngineError) {
        try await perform(.unpauseContainer(id)) { (store) throws(EngineError) in try store.unpauseContainer(id) }
    }
}

extension FakeEngine {
    public func observeAllProjects() async throws(EngineError) -> [ObservedContainer] {
        try await perform(.observeAllProjects) { store in store.observeAllProjects() }
    }

    public func findContainers(names: [String]) async throws(EngineError) -> [ObservedContainer] {
        try await perform(.findContainers(names: names)) { store in store.findContainers(names: names) }
    }

    public func inspectNetwork(_ name: String) async throws(EngineError) -> ObservedNetwork? {
        try await perform(.inspectNetwork(name)) { store in store.inspectNetwork(name) }
    }

    public func inspectVolume(_ name: String) async throws(EngineError) -> ObservedVolume? {
        try await perform(.inspectVolume(name)) { store in store.inspectVolume(name) }
    }

    public func inspectContainer(_ id: String) async throws(EngineError) -> ContainerDetails {
        try await perform(.inspectContainer(id)) { (store) throws(EngineError) in try store.inspectContainer(id) }
    }

    /// Needs `capabilities.build`; `output` gets the fake builder's lines before the call returns.
    public func buildImage(_ spec: BuildSpec, output: @escaping @Sendable (String) -> Void) async throws(EngineError) -> String {
        try await perform(.buildImage(spec)) { (store) throws(EngineError) in
            let result = try store.buildImage(spec)
            for line in result.output { output(line) }
            return result.id
        }
    }

    public func removeImage(_ reference: String, force: Bool) async throws(EngineError) {
        try await perform(.removeImage(reference, force: force)) { (store) throws(EngineError) in
            try store.removeImage(reference, force: force)
        }
    }
}
