import EngineAPI
import Foundation

extension RuntimeSpecBuilder {
    typealias Mount = OCIRuntimeSpec.Mount

    /// The kernel filesystems, then the container's files (/etc/hosts, hostname, resolv.conf, the init) and
    /// the user's binds, volumes and tmpfs sorted by depth so a parent is mounted before its children. A
    /// user mount replaces a default at (or above) the same place, as in Docker.
    static func mounts(_ inputs: RuntimeSpecInputs) throws(EngineError) -> [Mount] {
        let spec = inputs.spec
        var user: [Mount] = []
        for mount in spec.mounts { user.append(try userMount(mount, volumeSources: inputs.volumeSources)) }
        for (target, options) in spec.tmpfs.sorted(by: { $0.key < $1.key }) {
            user.append(Mount(destination: try destination(target), type: "tmpfs", source: "tmpfs",
                              options: tmpfsOptions(options.split(separator: ",").map(String.init))))
        }
        var seen = Set<String>()
        for mount in user where !seen.insert(mount.destination).inserted {
            throw EngineError(.invalidArgument, "duplicate mount point: \(mount.destination)")
        }

        let replaced = { (destination: String) in
            seen.contains { destination == $0 || destination.hasPrefix($0 == "/" ? "/" : $0 + "/") }
        }
        let kernel = DockerRuntimeDefaults.kernelMounts(shmSize: spec.resources.shmSizeBytes ?? DockerRuntimeDefaults.shmSize,
                                                        privileged: spec.privileged)
        var files = [
            Mount(destination: "/etc/resolv.conf", type: "bind", source: inputs.resolvConfPath, options: ["rbind", "rprivate"]),
            Mount(destination: "/etc/hostname", type: "bind", source: inputs.hostnamePath, options: ["rbind", "rprivate"]),
            Mount(destination: "/etc/hosts", type: "bind", source: inputs.hostsPath, options: ["rbind", "rprivate"]),
        ]
        if spec.initProcess == true, let initPath = inputs.initPath {
            files.append(Mount(destination: DockerRuntimeDefaults.initDestination, type: "bind", source: initPath,
                               options: ["bind", "ro", "nosuid", "nodev"]))
        }
        let sorted = (files.filter { !seen.contains($0.destination) } + user).enumerated()
            .sorted { ($0.element.depth, $0.offset) < ($1.element.depth, $1.offset) }.map(\.element)
        return kernel.filter { !replaced($0.destination) } + sorted
    }

    static func userMount(_ mount: MountSpec, volumeSources: [String: String]) throws(EngineError) -> Mount {
        let target = try destination(mount.target)
        let access = mount.readOnly ? "ro" : "rw"
        switch mount.kind {
        case .bind:
            guard let source = mount.source, source.hasPrefix("/") else {
                throw EngineError(.invalidArgument, "bind mount at \(target): the source \(mount.source ?? "") is not an absolute path")
            }
            return Mount(destination: target, type: "bind", source: source,
                         options: ["rbind", try propagation(mount.bindPropagation, target: target), access])
        case .volume:
            guard var source = volumeSources[mount.target] ?? volumeSources[target] else {
                throw EngineError(.invalidArgument, "volume mount at \(target) (\(mount.source ?? "anonymous")) has no volume directory")
            }
            if let subpath = nonEmpty(mount.volumeSubpath) {
                let parts = subpath.split(separator: "/")
                guard !subpath.hasPrefix("/"), !parts.contains("..") else {
                    throw EngineError(.invalidArgument, "volume mount at \(target): subpath \(subpath) must stay inside the volume")
                }
                source += "/" + parts.joined(separator: "/")
            }
            return Mount(destination: target, type: "bind", source: source, options: ["rbind", "rprivate", access])
        case .tmpfs:
            var given: [String] = []
            if let size = mount.tmpfsSize, size > 0 { given.append("size=\(size)") }
            if let mode = mount.tmpfsMode { given.append("mode=" + String(mode, radix: 8)) }
            if mount.readOnly { given.append("ro") }
            return Mount(destination: target, type: "tmpfs", source: "tmpfs", options: tmpfsOptions(given))
        case .image, .npipe, .cluster:
            throw EngineError(.unsupported, "\(mount.kind.rawValue) mounts are not supported by the embedded engine (at \(target))")
        }
    }

    /// `nosuid,nodev,noexec` merged with the given options: a flag replaces its opposite (`exec` drops
    /// `noexec`), a `key=value` replaces the same key.
    static func tmpfsOptions(_ given: [String]) -> [String] {
        var result = ["nosuid", "nodev", "noexec"]
        for option in given.map({ $0.trimmingCharacters(in: .whitespaces) }) where !option.isEmpty {
            if let equals = option.firstIndex(of: "=") {
                let key = option[...equals]
                result.removeAll { $0.hasPrefix(key) }
            } else {
                let opposite = option.hasPrefix("no") ? String(option.dropFirst(2)) : "no" + option
                result.removeAll { $0 == option || $0 == opposite || (option == "ro" && $0 == "rw") || (option == "rw" && $0 == "ro") }
            }
            result.append(option)
        }
        return result
    }

    static func propagation(_ value: String?, target: String) throws(EngineError) -> String {
        let value = nonEmpty(value) ?? "rprivate"
        guard ["private", "rprivate", "shared", "rshared", "slave", "rslave"].contains(value) else {
            throw EngineError(.invalidArgument, "bind mount at \(target): invalid propagation mode \(value)")
        }
        return value
    }

    /// An absolute container path without `//`, `.` or a trailing slash.
    static func destination(_ path: String) throws(EngineError) -> String {
        guard path.hasPrefix("/") else {
            throw EngineError(.invalidArgument, "invalid mount target \(path): it must be an absolute path")
        }
        let parts = path.split(separator: "/").filter { $0 != "." }
        guard !parts.contains("..") else { throw EngineError(.invalidArgument, "invalid mount target \(path): '..' is not allowed") }
        return "/" + parts.joined(separator: "/")
    }
}

extension OCIRuntimeSpec.Mount {
    /// Path components of the destination: `/` is 0, `/a/b` is 2.
    var depth: Int { destination.split(separator: "/").count }
}
