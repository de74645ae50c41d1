import EngineAPI
import Foundation

/// Stopping, killing, pausing and waiting. A stop marks the container stopped-by-user first, so its supervisor
/// does not restart it, then signals, waits the grace period, kills, and tears the run down (network, ports,
/// mount) as Docker releases them on stop.
extension EmbeddedEngine {
    func status(_ record: ContainerRecord) -> ContainerStatus {
        ContainerStatus.read(record, bundle: containers.bundle(of: record.id), bootID: EmbeddedRuntime.bootID())
    }

    static let activeStates: Set<ObservedContainer.State> = [.running, .paused, .restarting]

    public func stopContainer(_ id: String, timeout: Int?) async throws(EngineError) {
        let record = try containers.resolve(id)
        if EmbeddedEngine.activeStates.contains(status(record).state) {
            let signal = record.spec.stopSignal ?? record.imageConfig?.stopSignal ?? "SIGTERM"
            try await kill(record, signal: signal, markStopped: true)
            let grace = timeout ?? record.spec.stopTimeout ?? 10
            if !(await waitForExit(record, seconds: Double(max(0, grace)))) {
                try await kill(record, signal: "SIGKILL", markStopped: true)
                guard await waitForExit(record, seconds: 30) else {
                    throw EngineError(.timeout, "container \(record.name) did not stop after SIGKILL", resource: resourceID(of: record))
                }
            }
        }
        let engine = self
        try await offload { () throws(EngineError) in try engine.withRunLock(record) { () throws(EngineError) in try engine.tearDownRun(record) } }
        try? refreshHostsFiles(networks: record.networks.map(\.network))
    }

    public func killContainer(_ id: String, signal: String) async throws(EngineError) {
        let record = try containers.resolve(id)
        guard EmbeddedEngine.activeStates.contains(status(record).state) else {
            throw EngineError(.conflict, "Cannot kill container: \(id): Container \(record.id) is not running",
                              resource: resourceID(of: record))
        }
        // Signals that ask a process to end mean the user stopped it: no restart under the policy (as Docker).
        let informational = ["HUP", "USR1", "USR2", "WINCH", "CONT", "1", "10", "12", "28", "18"]
        let bare = signal.uppercased().hasPrefix("SIG") ? String(signal.uppercased().dropFirst(3)) : signal.uppercased()
        try await kill(record, signal: signal, markStopped: !informational.contains(bare))
        // Docker's kill with SIGKILL returns once the container has exited, so its state and exit code are final.
        if bare == "KILL" || bare == "9" { _ = await waitForExit(record, seconds: 10) }
    }

    func kill(_ record: ContainerRecord, signal: String, markStopped: Bool) async throws(EngineError) {
        let bundle = containers.bundle(of: record.id)
        let client = runc
        let paused = FileSystem.exists(bundle + "/" + ContainerStatus.pausedMarker)
        try await offload { () throws(EngineError) in
            if markStopped { try AtomicFile.write([], to: bundle + "/" + ShimFiles.stoppedByUser) }
            guard FileSystem.exists(client.root + "/" + record.id) else { return }  // restarting: between two runs
            // A frozen process cannot act on a signal; Docker thaws a paused container it stops.
            if paused && markStopped {
                try? client.resume(record.id)
                unlink(bundle + "/" + ContainerStatus.pausedMarker)
            }
            do throws(EngineError) {
                try client.kill(record.id, signal: signal, all: signal.uppercased().hasSuffix("KILL"))
            } catch {
                // The init may have exited meanwhile; only a failure on a live container is an error.
                if ContainerStatus.read(record, bundle: bundle, bootID: EmbeddedRuntime.bootID()).state == .running { throw error }
            }
        }
    }

    /// Polls the container's files until it is not active; false when `seconds` passed first.
    func waitForExit(_ record: ContainerRecord, seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if !EmbeddedEngine.activeStates.contains(status(record).state) { return true }
            if Date() >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Blocks while the container runs (Docker's "not-running" condition: a created container returns 0 at once).
    public func waitContainer(_ id: String) async throws(EngineError) -> Int {
        let first = try containers.resolve(id)
        while true {
            let record = try containers.read(first.id)
            let current = status(record)
            if !EmbeddedEngine.activeStates.contains(current.state) {
                return current.exitCode ?? 0
            }
            do {
                try await Task.sleep(for: .milliseconds(100))
            } catch {
                throw EngineError(.timeout, "wait for container \(record.name) cancelled")
            }
        }
    }

    public func pauseContainer(_ id: String) async throws(EngineError) {
        let record = try containers.resolve(id)
        guard status(record).state == .running else {
            throw EngineError(.conflict, "Container \(record.id) is not running", resource: resourceID(of: record))
        }
        let bundle = containers.bundle(of: record.id)
        let client = runc
        try await offload { () throws(EngineError) in
            try client.pause(record.id)
            try AtomicFile.write([], to: bundle + "/" + ContainerStatus.pausedMarker)
        }
    }

    public func unpauseContainer(_ id: String) async throws(EngineError) {
        let record = try containers.resolve(id)
        guard status(record).state == .paused else {
            throw EngineError(.conflict, "Container \(record.id) is not paused", resource: resourceID(of: record))
        }
        let bundle = containers.bundle(of: record.id)
        let client = runc
        try await offload { () throws(EngineError) in
            try client.resume(record.id)
            unlink(bundle + "/" + ContainerStatus.pausedMarker)
        }
    }
}
