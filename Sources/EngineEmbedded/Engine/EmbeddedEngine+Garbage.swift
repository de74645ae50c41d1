import EngineAPI
import Foundation

/// What crashes and self-exited containers leave behind (`compose engine prune`): container directories whose
/// create never wrote a record, removes that never finished, and the network namespace, addresses, ports and
/// rootfs mount a container keeps after it exited on its own (Docker frees them at exit; here the next start,
/// stop or remove does — or this).
extension EmbeddedEngine {
    /// Frees them; returns one line per thing freed.
    public func collectContainerGarbage() throws(EngineError) -> [String] {
        var freed: [String] = []
        let lock = try StoreLock.acquire(containers.lockPath)
        let names = try FileSystem.list(containers.directory).filter { ContainerStore.isID($0) }
        var orphans: [String] = []
        for name in names where (try? containers.read(name)) == nil {
            orphans.append(name)
        }
        lock.unlock()
        for id in orphans {
            let overlay = OverlayMount(directory: containers.bundle(of: id))
            if overlay.isMounted { try overlay.unmount() }
            try? NetworkNamespace(id: id).delete()
            try ports.release(owner: id)
            LayerStore.removeTree(containers.bundle(of: id))
            freed.append("container directory \(id) (a create that did not finish)")
        }
        for record in try containers.records() {
            if record.removing {
                try removeRecord(record, removeVolumes: false)
                freed.append("container \(record.name) (a remove that did not finish)")
                continue
            }
            let current = status(record)
            guard !EmbeddedEngine.activeStates.contains(current.state) else { continue }
            let bundle = containers.bundle(of: record.id)
            let held = NetworkNamespace(id: record.id).exists || OverlayMount(directory: bundle).isMounted
                || FileSystem.exists(runtime.runcRoot + "/" + record.id)
            guard held else { continue }
            try withRunLock(record) { () throws(EngineError) in try tearDownRun(record) }
            freed.append("network namespace, addresses, ports and mount of exited container \(record.name)")
        }
        return freed
    }
}
