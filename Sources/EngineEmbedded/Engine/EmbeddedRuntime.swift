import EngineAPI
import Foundation

/// The host tools and runtime directories the embedded engine runs containers with: runc, the CNI plugins,
/// the supervisor (`compose-shim`), an init for `init: true`, and the tmpfs root for what must not outlive a
/// boot (runc's state, CNI IPAM and caches, the port table).
public struct EmbeddedRuntime: Sendable, Hashable {
    public var runc: String
    public var shim: String
    public var cniPlugins: String
    /// tini-static (or docker-init); nil when none is installed (then `init: true` fails clearly).
    public var initBinary: String?
    public var runtimeRoot: String
    /// The command a container's supervisor runs, with the container's id appended, when the container ends on
    /// its own (`compose engine release`); nil when no `compose` executable drives this engine (tests).
    public var releaseCommand: [String]?

    public var runcRoot: String { runtimeRoot + "/runc" }

    public init(runc: String, shim: String, cniPlugins: String, initBinary: String?, runtimeRoot: String) {
        self.runc = runc
        self.shim = shim
        self.cniPlugins = cniPlugins
        self.initBinary = initBinary
        self.runtimeRoot = runtimeRoot
    }

    /// Tools from `SWIFT_COMPOSE_RUNC`, `SWIFT_COMPOSE_SHIM`, `CNI_PATH`, `SWIFT_COMPOSE_INIT` and
    /// `SWIFT_COMPOSE_RUNTIME_DIR`, else the usual places; the shim is looked for next to the running executable.
    public static func discover(environment: [String: String] = ProcessInfo.processInfo.environment) -> EmbeddedRuntime {
        func given(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        let executableDirectory = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .map { ($0 as NSString).deletingLastPathComponent }
        let shimCandidates = [given("SWIFT_COMPOSE_SHIM"), executableDirectory.map { $0 + "/compose-shim" },
                              "/usr/local/bin/compose-shim", "/usr/bin/compose-shim"].compactMap { $0 }
        let shim = shimCandidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? shimCandidates[0]
        let cni = given("CNI_PATH").map { String($0.split(separator: ":").first ?? "") }
            ?? ["/usr/lib/cni", "/opt/cni/bin", "/usr/libexec/cni"].first { FileManager.default.fileExists(atPath: $0 + "/bridge") }
            ?? "/usr/lib/cni"
        let initBinary = ([given("SWIFT_COMPOSE_INIT")].compactMap { $0 }
            + ["/usr/bin/tini-static", "/usr/bin/docker-init", "/usr/libexec/docker/docker-init", "/sbin/tini-static"])
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        return EmbeddedRuntime(runc: given("SWIFT_COMPOSE_RUNC") ?? HostCommand.find("runc"), shim: shim, cniPlugins: cni,
                               initBinary: initBinary, runtimeRoot: given("SWIFT_COMPOSE_RUNTIME_DIR") ?? "/run/swift-compose")
    }

    /// What is missing to run containers, as one message saying what to install; nil when nothing is.
    public func missingPrerequisites() -> String? {
        var missing: [String] = []
        if getuid() != 0 {
            missing.append("root privileges (the embedded engine mounts overlays, creates network namespaces and "
                           + "runs runc as root: run compose with sudo, or use --engine docker)")
        }
        if !FileManager.default.isExecutableFile(atPath: runc) {
            missing.append("runc (apt-get install runc)")
        }
        let plugins = ["bridge", "host-local", "loopback", "portmap", "firewall"]
        let absent = plugins.filter { !FileManager.default.isExecutableFile(atPath: cniPlugins + "/" + $0) }
        if !absent.isEmpty {
            missing.append("the CNI plugins \(absent.joined(separator: ", ")) in \(cniPlugins) "
                           + "(apt-get install containernetworking-plugins, or set CNI_PATH)")
        }
        if !FileManager.default.isExecutableFile(atPath: shim) {
            missing.append("the container supervisor compose-shim (install it next to compose, or set SWIFT_COMPOSE_SHIM)")
        }
        if !FileManager.default.isExecutableFile(atPath: HostCommand.find("ip")) {
            missing.append("ip (apt-get install iproute2)")
        }
        if !FileManager.default.isExecutableFile(atPath: HostCommand.find("iptables")) {
            missing.append("iptables (apt-get install iptables)")
        }
        guard !missing.isEmpty else { return nil }
        return "the embedded engine cannot run containers on this machine; missing: " + missing.joined(separator: "; ")
    }

    /// This boot's id; containers started in another boot are not running.
    public static func bootID() -> String? {
        ProcFile.read("/proc/sys/kernel/random/boot_id")?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
