import EngineAPI

/// An in-memory `ContainerEngine` that behaves like dockerd as far as the reconciler can observe: unique
/// container names, 64-hex ids, container states and exit codes, networks with endpoints, volumes in use,
/// local images and a pretend registry, and label-filtered observation. Containers "run" what `FakeProcess`
/// can play of their command (echo, exit); tests make them print, exit or turn healthy with the controls in
/// `FakeEngine+Controls.swift`, and every change reaches logs, waits and events as dockerd's would.
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
    /// Event subscribers and the event log; outside the actor so `events(project:since:)` subscribes at once.
    nonisolated let eventHub = FakeEventHub()
    var logFollowers: [Int: LogFollower] = [:]
    var exitWaiters: [Int: ExitWaiter] = [:]
    var nextStreamToken = 0

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
}
