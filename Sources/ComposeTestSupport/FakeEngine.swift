import EngineAPI

/// An in-memory `ContainerEngine` that behaves like dockerd as far as the reconciler can observe: unique
/// container names, 64-hex ids, container states and exit codes, networks with endpoints, volumes in use,
/// local images and a pretend registry, and label-filtered observation.
///
/// It records every call in order (`calls`) and can inject failures or hangs into any call, so reconciler
/// tests can assert which engine calls a plan made and how it survives a failing or hung engine. It is an
/// actor because tests share one instance between the code under test and their own assertions.
/// It passes `EngineContractSuite`, the same checks the real engines pass.
public actor FakeEngine: ContainerEngine {
    public nonisolated let endpoint: String
    public nonisolated let capabilities: EngineCapabilities

    var store: FakeEngineStore
    /// Every call received, in order, including calls that then failed or hung.
    public internal(set) var calls: [Call] = []
    var faults: [FaultRule] = []
    var nextFaultToken = 0
    var hangingCalls: [Int: CheckedContinuation<HangOutcome, Never>] = [:]
    var cancelledHangs: Set<Int> = []
    var hangWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    /// - Parameters:
    ///   - images: references present locally, with the deterministic id `FakeEngine.imageID(for:)`.
    ///   - registry: references `pullImage` can fetch.
    public init(endpoint: String = "fake://engine", capabilities: EngineCapabilities = EngineCapabilities(),
                images: [String] = [], registry: [String] = []) {
        self.endpoint = endpoint
        self.capabilities = capabilities
        var store = FakeEngineStore(capabilities: capabilities)
        for reference in images {
            store.images[FakeIdentifiers.normalizedReference(reference)] = FakeIdentifiers.imageID(for: reference)
        }
        for reference in registry {
            store.registry[FakeIdentifiers.normalizedReference(reference)] = FakeIdentifiers.imageID(for: reference)
        }
        self.store = store
    }

    /// The id the fake gives `reference` unless a test chose another: `sha256:` and 64 hex digits.
    public nonisolated static func imageID(for reference: String) -> String {
        FakeIdentifiers.imageID(for: reference)
    }

    // MARK: Recording

    /// The calls that could change state, in order.
    public var mutatingCalls: [Call] { calls.filter(\.isMutating) }

    /// The calls of one kind, in order.
    public func calls(of kind: Call.Kind) -> [Call] {
        calls.filter { $0.kind == kind }
    }

    /// Forgets the calls recorded so far (for example after a test's setup).
    public func resetCalls() {
        calls.removeAll()
    }

    // MARK: Test controls (not engine calls: never recorded, never faulted)

    /// Every container, network and volume the engine holds, whatever its labels (predefined networks aside).
    public func snapshot() -> ObservedState {
        store.snapshot()
    }

    /// Makes `reference` a local image with `id` (default: `imageID(for:)`), as after a pull or build.
    public func addImage(_ reference: String, id: String? = nil) {
        store.images[FakeIdentifiers.normalizedReference(reference)] = id ?? FakeIdentifiers.imageID(for: reference)
    }

    /// Removes a local image, as `docker rmi` would.
    public func removeImage(_ reference: String) {
        store.images[FakeIdentifiers.normalizedReference(reference)] = nil
    }

    /// Makes `reference` pullable; a later pull replaces the local image with `id` (a new digest upstream).
    public func addToRegistry(_ reference: String, id: String? = nil) {
        store.registry[FakeIdentifiers.normalizedReference(reference)] = id ?? FakeIdentifiers.imageID(for: reference)
    }

    public func setHealth(_ container: String, _ health: ObservedContainer.Health) throws(EngineError) {
        let index = try store.containerIndex(container)
        store.containers[index].health = health
    }

    /// The container's process ends by itself with `code` (no restart policy is applied).
    public func simulateExit(_ container: String, code: Int) throws(EngineError) {
        let index = try store.containerIndex(container)
        guard store.containers[index].isActive else {
            throw EngineError(.conflict, "container \(container) is not running")
        }
        store.exit(index, code: code)
    }

    /// The engine restarted the container by its restart policy: it runs again and its restart count grows.
    public func simulateRestart(_ container: String) throws(EngineError) {
        let index = try store.containerIndex(container)
        store.containers[index].restartCount += 1
        store.containers[index].state = .running
        store.containers[index].exitCode = nil
        if store.containers[index].hasHealthcheck { store.containers[index].health = .starting }
    }

    /// From now on the container's process ignores its stop signal: `stop` kills it when the timeout ends
    /// (exit code 137).
    public func ignoreStopSignal(_ container: String) throws(EngineError) {
        let index = try store.containerIndex(container)
        store.containers[index].ignoresStopSignal = true
    }
}
