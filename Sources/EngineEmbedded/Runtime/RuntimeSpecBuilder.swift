import EngineAPI
import Foundation
import Glibc

/// What the engine has resolved for one container before its `config.json` can be written.
public struct RuntimeSpecInputs: Sendable {
    /// The 64-hex container id (its first 12 characters are the default hostname).
    public var id: String
    public var spec: ContainerSpec
    /// The image's defaults (Env, Entrypoint, Cmd, User, WorkingDir); nil for none.
    public var image: OCIImageConfig.Runtime?
    /// The mounted overlay directory; users and groups are resolved in its /etc/passwd and /etc/group.
    public var rootfs: String
    /// Files in the container directory, bind-mounted at /etc/hosts, /etc/hostname and /etc/resolv.conf.
    public var hostsPath: String
    public var hostnamePath: String
    public var resolvConfPath: String
    /// The container's network namespace (`/run/netns/…`, or `/proc/<pid>/ns/net` for `container:x`). nil
    /// means the host's network, allowed only with `networkMode` `host`; with `none` runc makes a new
    /// namespace holding only loopback.
    public var networkNamespacePath: String?
    /// `pidMode` `container:x` resolved by the caller to `/proc/<pid>/ns/pid`; `host` needs nothing.
    public var pidNamespacePath: String?
    /// Likewise for `ipcMode`.
    public var ipcNamespacePath: String?
    /// `MountSpec.target` → host directory of every `.volume` mount (named and anonymous).
    public var volumeSources: [String: String]
    /// The init binary (tini-static) bind-mounted at /sbin/docker-init when `spec.initProcess == true`.
    public var initPath: String?
    /// The cgroup of the container, e.g. `/swift-compose/<id>` (cgroupfs driver).
    public var cgroupsPath: String

    public init(id: String, spec: ContainerSpec, image: OCIImageConfig.Runtime?, rootfs: String, hostsPath: String,
                hostnamePath: String, resolvConfPath: String, networkNamespacePath: String? = nil,
                pidNamespacePath: String? = nil, ipcNamespacePath: String? = nil, volumeSources: [String: String] = [:],
                initPath: String? = nil, cgroupsPath: String) {
        self.id = id
        self.spec = spec
        self.image = image
        self.rootfs = rootfs
        self.hostsPath = hostsPath
        self.hostnamePath = hostnamePath
        self.resolvConfPath = resolvConfPath
        self.networkNamespacePath = networkNamespacePath
        self.pidNamespacePath = pidNamespacePath
        self.ipcNamespacePath = ipcNamespacePath
        self.volumeSources = volumeSources
        self.initPath = initPath
        self.cgroupsPath = cgroupsPath
    }
}

/// A compose container's OCI runtime spec from its `ContainerSpec` and image defaults, with Docker's
/// semantics (recipes §4.1): the process, the mounts, namespaces, cgroup limits, devices and sysctls.
/// Pure apart from reading the rootfs's passwd/group, `stat` of device paths and the host's hostname.
public enum RuntimeSpecBuilder {
    public static func make(_ inputs: RuntimeSpecInputs) throws(EngineError) -> OCIRuntimeSpec {
        let spec = inputs.spec
        let namespaces = try namespaces(inputs)
        let ownNetwork = namespaces.contains { $0.type == .network }
        let ownIPC = namespaces.contains { $0.type == .ipc }
        let withInit = spec.initProcess == true
        if withInit, inputs.initPath == nil {
            throw EngineError(.unavailable, "container \(inputs.id): init requested but no init binary (tini-static) was found")
        }
        // Docker: the host network keeps the host's hostname unless one is given.
        let hostname = spec.hostname ?? (ownNetwork ? String(inputs.id.prefix(12)) : hostHostname())
        let process = try process(spec, image: inputs.image, rootfs: inputs.rootfs, hostname: hostname, withInit: withInit)
        let mounts = try mounts(inputs)

        var linux = OCIRuntimeSpec.Linux(namespaces: namespaces, cgroupsPath: inputs.cgroupsPath)
        var resources = try resources(spec.resources)
        let devices = try devices(spec.devices)
        linux.devices = devices.nodes.isEmpty ? nil : devices.nodes
        resources.devices = spec.privileged ? [.init(allow: true)] : [.init(allow: false)] + devices.rules
        linux.resources = resources
        linux.sysctl = try sysctls(spec.sysctls, ownNetwork: ownNetwork, ownIPC: ownIPC)
        if !spec.privileged {
            linux.maskedPaths = DockerRuntimeDefaults.maskedPaths
            linux.readonlyPaths = DockerRuntimeDefaults.readonlyPaths
        }
        linux.rootfsPropagation = rootfsPropagation(mounts)

        return OCIRuntimeSpec(process: process,
                              root: .init(path: inputs.rootfs, readonly: spec.readOnlyRootFilesystem ? true : nil),
                              hostname: hostname, domainname: spec.domainname.flatMap { $0.isEmpty ? nil : $0 },
                              mounts: mounts, annotations: spec.labels.isEmpty ? nil : spec.labels, linux: linux)
    }

    /// `config.json` bytes: sorted keys, slashes unescaped.
    public static func encode(_ spec: OCIRuntimeSpec) throws(EngineError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(spec))
        } catch {
            throw EngineError(.internalError, "encode the runtime spec", cause: "\(error)")
        }
    }

    /// Namespaces per the modes: pid/ipc `host` share the host's, a resolved path joins another container's;
    /// uts and mount are always the container's own.
    static func namespaces(_ inputs: RuntimeSpecInputs) throws(EngineError) -> [OCIRuntimeSpec.Namespace] {
        var result: [OCIRuntimeSpec.Namespace] = []
        if let pid = try namespace(.pid, mode: inputs.spec.pidMode, path: inputs.pidNamespacePath, id: inputs.id) { result.append(pid) }
        if let ipc = try namespace(.ipc, mode: inputs.spec.ipcMode, path: inputs.ipcNamespacePath, id: inputs.id) { result.append(ipc) }
        result.append(.init(.uts))
        result.append(.init(.mount))
        let networkMode = inputs.spec.networkMode
        if let path = inputs.networkNamespacePath {
            result.append(.init(.network, path: path))
        } else if networkMode == "none" {
            result.append(.init(.network))
        } else if networkMode != "host" {
            throw EngineError(.invalidArgument,
                              "container \(inputs.id): network mode \(networkMode ?? "default") needs a network namespace path")
        }
        return result
    }

    private static func namespace(_ kind: OCIRuntimeSpec.Namespace.Kind, mode: String?, path: String?,
                                  id: String) throws(EngineError) -> OCIRuntimeSpec.Namespace? {
        if let path { return .init(kind, path: path) }
        if mode == "host" { return nil }
        if let mode, mode.hasPrefix("container:") || mode.hasPrefix("service:") {
            throw EngineError(.invalidArgument, "container \(id): \(kind.rawValue) mode \(mode) needs the namespace path")
        }
        return .init(kind)
    }

    static func sysctls(_ requested: [String: String], ownNetwork: Bool, ownIPC: Bool) throws(EngineError) -> [String: String]? {
        var result = ownNetwork ? DockerRuntimeDefaults.networkSysctls : [:]
        for (key, value) in requested {
            if !ownNetwork, key.hasPrefix("net.") {
                throw EngineError(.invalidArgument, "sysctl \(key) is not allowed in the host's network namespace")
            }
            if !ownIPC, DockerRuntimeDefaults.isIPCSysctl(key) {
                throw EngineError(.invalidArgument, "sysctl \(key) is not allowed in the host's IPC namespace")
            }
            result[key] = value
        }
        return result.isEmpty ? nil : result
    }

    /// Docker: a shared bind needs `/` rshared, a slave bind `/` rslave; otherwise runc's default (rprivate).
    static func rootfsPropagation(_ mounts: [OCIRuntimeSpec.Mount]) -> String? {
        let options = Set(mounts.filter { $0.type == "bind" }.flatMap { $0.options ?? [] })
        if !options.isDisjoint(with: ["shared", "rshared"]) { return "rshared" }
        if !options.isDisjoint(with: ["slave", "rslave"]) { return "rslave" }
        return nil
    }

    static func hostHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
