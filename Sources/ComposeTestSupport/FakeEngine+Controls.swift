import EngineAPI

/// Test controls: what happens inside or around the engine without a call from the code under test (a
/// process printing or exiting, a health probe, another client). Never recorded, never faulted; their
/// events, output and exits reach streams and waiters like those of engine calls.
extension FakeEngine {
    /// Every container, network and volume the engine holds, whatever its labels (predefined networks aside).
    public func snapshot() -> ObservedState {
        store.snapshot()
    }

    /// Makes `reference` a local image with `id` (default: `imageID(for:)`), as after a pull or build.
    public func addImage(_ reference: String, id: String? = nil) {
        store.images[FakeIdentifiers.normalizedReference(reference)] = id ?? FakeIdentifiers.imageID(for: reference)
    }

    /// Drops a local image behind the engine's back (another client's `docker rmi -f`), without the checks
    /// of the `removeImage(_:force:)` call.
    public func deleteImage(_ reference: String) {
        store.images[FakeIdentifiers.normalizedReference(reference)] = nil
    }

    /// Makes `reference` pullable; a later pull replaces the local image with `id` (a new digest upstream).
    public func addToRegistry(_ reference: String, id: String? = nil) {
        store.registry[FakeIdentifiers.normalizedReference(reference)] = id ?? FakeIdentifiers.imageID(for: reference)
    }

    /// The container's health probe reports `health`; `log` (when given) becomes the probe output that
    /// `inspectContainer` returns. A change to healthy or unhealthy is a `health_status` event.
    public func setHealth(_ container: String, _ health: ObservedContainer.Health, log: [String]? = nil) throws(EngineError) {
        let index = try store.containerIndex(container)
        let changed = store.containers[index].health != health
        store.containers[index].health = health
        if let log { store.containers[index].healthLog = log }
        if changed, health == .healthy || health == .unhealthy { store.emit(.healthStatus, container: index) }
        settle()
    }

    /// The running container's process prints `lines` on `stream`, each with its own fake-clock time.
    public func simulateOutput(_ container: String, _ lines: [String], stream: LogLine.Stream = .stdout) throws(EngineError) {
        let index = try store.containerIndex(container)
        guard store.containers[index].state == .running else {
            throw EngineError(.conflict, "container \(container) is not running, it cannot print")
        }
        for line in lines {
            let entry = FakeEngineStore.LogEntry(stream: stream, text: line, time: store.tick())
            store.containers[index].logs.append(entry)
        }
        settle()
    }

    /// The container's process ends by itself with `code` (no restart policy is applied): state exited,
    /// a `die` event, log followers end and waiters return `code`.
    public func simulateExit(_ container: String, code: Int) throws(EngineError) {
        let index = try store.containerIndex(container)
        guard store.containers[index].isActive else {
            throw EngineError(.conflict, "container \(container) is not running")
        }
        store.exit(index, code: code)
        settle()
    }

    /// The engine restarted the container by its restart policy: it runs again (its command is played
    /// again) and its restart count grows.
    public func simulateRestart(_ container: String) throws(EngineError) {
        let index = try store.containerIndex(container)
        store.containers[index].restartCount += 1
        store.run(index)
        settle()
    }

    /// From now on the container's process ignores its stop signal: `stop` kills it when the timeout ends
    /// (exit code 137).
    public func ignoreStopSignal(_ container: String) throws(EngineError) {
        let index = try store.containerIndex(container)
        store.containers[index].ignoresStopSignal = true
    }
}
