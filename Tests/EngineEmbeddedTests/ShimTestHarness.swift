@testable import EngineEmbedded
import Foundation
import Glibc

/// A container bundle on a busybox rootfs supervised by the built `compose-shim`, for the shim's
/// integration tests (root, runc). Everything is removed afterwards: the container (`runc delete -f`,
/// after the stopped-by-user marker so no restart follows), a shim still alive, the files.
final class ShimTestBundle: @unchecked Sendable {
    static var enabled: Bool {
        getuid() == 0 && (ProcessInfo.processInfo.environment["SWIFT_COMPOSE_IT"] ?? "").contains("embedded")
            && runc != nil && FileManager.default.fileExists(atPath: "/bin/busybox")
            && FileManager.default.isExecutableFile(atPath: shimExecutable.path)
    }

    static let runc: String? = ["/usr/sbin/runc", "/usr/bin/runc", "/usr/local/sbin/runc", "/usr/local/bin/runc"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Parent cgroup of the test containers (cgroupfs driver), removed when empty.
    static let cgroupParent = "swift-compose-shim-test"

    /// `.build/<config>/compose-shim`, found next to the test bundle.
    static var shimExecutable: URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("compose-shim")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/compose-shim")
    }

    let root: String
    let bundle: String
    let runcRoot: String
    let id: String
    let config: ShimConfig
    var launcher: ShimLauncher { ShimLauncher(executable: Self.shimExecutable.path, runc: Self.runc ?? "runc") }

    /// A bundle whose container runs `/bin/sh -c script`, supervised with `config`.
    init(script: String, config: ShimConfig, memoryLimit: Int? = nil) throws {
        self.config = config
        id = "shimtest-\(UInt32.random(in: 0...UInt32.max))"
        root = NSTemporaryDirectory() + "swift-compose-shim-\(UUID().uuidString)"
        bundle = root + "/bundle"
        runcRoot = root + "/runc"
        let fm = FileManager.default
        for dir in ["rootfs/bin", "rootfs/proc", "rootfs/dev", "rootfs/sys", "rootfs/tmp"] {
            try fm.createDirectory(atPath: bundle + "/" + dir, withIntermediateDirectories: true)
        }
        try fm.createDirectory(atPath: runcRoot, withIntermediateDirectories: true)
        try fm.copyItem(atPath: "/bin/busybox", toPath: bundle + "/rootfs/bin/busybox")
        for tool in ["sh", "echo", "sleep", "cat", "true", "false", "printf", "seq", "yes", "head", "tail"] {
            try fm.createSymbolicLink(atPath: bundle + "/rootfs/bin/" + tool, withDestinationPath: "busybox")
        }
        let caps = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL", "CAP_SETUID", "CAP_SETGID"]
        let spec: [String: Any] = [
            "ociVersion": "1.0.2",
            "process": [
                "terminal": false, "user": ["uid": 0, "gid": 0], "args": ["/bin/sh", "-c", script],
                "env": ["PATH=/bin"], "cwd": "/",
                "capabilities": ["bounding": caps, "effective": caps, "permitted": caps],
            ] as [String: Any],
            "root": ["path": "rootfs"],
            "hostname": "shimtest",
            "mounts": [
                ["destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"]],
                ["destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]],
                ["destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "size=1m"]],
            ],
            "linux": [
                // A private network namespace without CNI: loopback only.
                "namespaces": ["pid", "ipc", "uts", "mount", "network"].map { ["type": $0] },
                "cgroupsPath": "/\(Self.cgroupParent)/\(id)",
                "resources": memoryLimit.map { limit -> [String: Any] in
                    ["devices": [["allow": false, "access": "rwm"]], "memory": ["limit": limit, "swap": limit]]
                } ?? ["devices": [["allow": false, "access": "rwm"]]],
            ] as [String: Any],
        ]
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: bundle + "/config.json"))
    }

    deinit {
        _ = FileManager.default.createFile(atPath: file(ShimFiles.stoppedByUser), contents: Data())
        _ = try? runcCommand(["delete", "-f", id])
        if let state = try? state(), state.status != .exited, state.shimIsAlive {
            kill(state.shimPid, SIGKILL)
        }
        for controller in (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? [] {
            rmdir("/sys/fs/cgroup/\(controller)/\(Self.cgroupParent)")
        }
        try? FileManager.default.removeItem(atPath: root)
    }

    func file(_ name: String) -> String { bundle + "/" + name }

    struct Output {
        var status: Int32
        var text: String
    }

    /// Runs the shim launcher directly (after writing its config): `ok <pid>` or `error …` on its stdout.
    func launch() throws -> Output {
        try JSONEncoder().encode(config).write(to: URL(fileURLWithPath: file(ShimFiles.config)))
        return try Self.run(Self.shimExecutable.path, ["run", "--bundle", bundle, "--runc-root", runcRoot, "--id", id,
                                                       "--runc", Self.runc ?? "runc", "--config", file(ShimFiles.config)])
    }

    @discardableResult
    func runcCommand(_ arguments: [String]) throws -> Output {
        try Self.run(Self.runc ?? "runc", ["--root", runcRoot] + arguments)
    }

    /// Launches the shim and starts the container, as the engine does; the init's pid.
    func launchAndStart() throws -> Int32 {
        let pid = try launcher.launch(id: id, bundle: bundle, runcRoot: runcRoot, config: config)
        let start = try runcCommand(["start", id])
        guard start.status == 0 else { throw ShimTestError(message: "runc start: \(start.text)") }
        return pid
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      text: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Polls `condition` every 50 ms for at most `seconds` (bounded: a broken shim fails the test, not hangs it).
    func wait(seconds: Double = 15, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    func exitRecord() -> ShimExitRecord? {
        decode(ShimExitRecord.self, ShimFiles.exit)
    }

    /// Waits for `exit.json`.
    func waitForExit() -> ShimExitRecord? {
        _ = wait { exitRecord() != nil }
        return exitRecord()
    }

    func state() throws -> ShimState {
        guard let state = decode(ShimState.self, ShimFiles.state) else { throw ShimTestError(message: "no shim state") }
        return state
    }

    func health() -> ShimHealthRecord? {
        decode(ShimHealthRecord.self, ShimFiles.health)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ name: String) -> T? {
        guard let data = FileManager.default.contents(atPath: file(name)) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }

    struct LogLine: Decodable, Equatable {
        var log: String
        var stream: String
        var time: String
    }

    func logLines(_ name: String = ShimFiles.log) throws -> [LogLine] {
        let text = (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONDecoder().decode(LogLine.self, from: Data($0.utf8)) }
    }

    /// Children of `pid` in the zombie state.
    static func zombieChildren(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && fields[0] == "Z" && Int32(fields[1]) == pid
        }
    }

    /// The parent pid of `pid` (field 4 of its stat), nil when it is gone.
    static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }
}

struct ShimTestError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

