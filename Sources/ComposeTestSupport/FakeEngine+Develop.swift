import EngineAPI

extension FakeEngine {
    /// Records the copy; the fake has no filesystem, so only a missing container fails.
    public func copyToContainer(_ id: String, entries: [CopyEntry]) async throws(EngineError) {
        try await perform(.copyToContainer(id, entries: entries)) { (store) throws(EngineError) in
            _ = try store.inspectContainer(id)
        }
    }

    /// Records the command; it "succeeds" (exit code 0) in any existing container.
    public func execInContainer(_ id: String, _ spec: ExecSpec) async throws(EngineError) -> Int {
        try await perform(.execInContainer(id, spec)) { (store) throws(EngineError) in
            _ = try store.inspectContainer(id)
            return 0
        }
    }
}
