import Foundation

/// runc 1.1's own record of a container, `<root>/<id>/state.json`, read directly so observing many
/// containers costs no process per container (`runc state` spawns runc and takes tens of ms).
///
/// The fields used (libcontainer `State`, JSON keys in brackets):
/// - `init_process_pid`: the host pid of the container's init (its pid 1);
/// - `init_process_start`: that process's start time in clock ticks since boot (field 22 of
///   `/proc/<pid>/stat`), which tells a live init from a recycled pid;
/// - `created`: when `runc create` ran, RFC 3339 with nanoseconds;
/// - `config.labels`: `["bundle=<bundle dir>", "<annotation key>=<value>", …]` (runc stores the spec's
///   annotations there);
/// - `config.rootfs`: the root path; `cgroup_paths`: controller (`memory`, `freezer`, `name=systemd`, …) →
///   cgroup directory, and `""` → the unified directory (v2; on this hybrid host an empty one);
///   `namespace_paths`: `NEWNET`, `NEWPID`, `NEWNS`, … → `/proc/<init pid>/ns/…`.
/// runc does not store the status: `status()` derives it the way runc does.
public struct RuncStateFile: Sendable, Hashable, Decodable {
    public var id: String
    public var initProcessPid: Int32
    public var initProcessStart: UInt64
    public var created: String
    public var cgroupPaths: [String: String]
    public var namespacePaths: [String: String]
    public var rootfs: String?
    /// `config.labels` as runc wrote them.
    public var labels: [String]
    /// The directory the file was read from (`<root>/<id>`).
    public var directory = ""

    enum CodingKeys: String, CodingKey {
        case id, created, config
        case initProcessPid = "init_process_pid"
        case initProcessStart = "init_process_start"
        case cgroupPaths = "cgroup_paths"
        case namespacePaths = "namespace_paths"
    }

    private struct Config: Decodable {
        var rootfs: String?
        var labels: [String]?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        initProcessPid = try container.decode(Int32.self, forKey: .initProcessPid)
        initProcessStart = try container.decode(UInt64.self, forKey: .initProcessStart)
        created = try container.decodeIfPresent(String.self, forKey: .created) ?? ""
        cgroupPaths = try container.decodeIfPresent([String: String].self, forKey: .cgroupPaths) ?? [:]
        namespacePaths = try container.decodeIfPresent([String: String].self, forKey: .namespacePaths) ?? [:]
        let config = try container.decodeIfPresent(Config.self, forKey: .config)
        rootfs = config?.rootfs
        labels = config?.labels ?? []
    }

    /// The bundle directory (the `bundle=` label).
    public var bundle: String? {
        labels.first { $0.hasPrefix("bundle=") }.map { String($0.dropFirst("bundle=".count)) }
    }

    /// The spec's annotations (every label but `bundle=`).
    public var annotations: [String: String] {
        var result: [String: String] = [:]
        for label in labels where !label.hasPrefix("bundle=") {
            guard let equals = label.firstIndex(of: "=") else { continue }
            result[String(label[..<equals])] = String(label[label.index(after: equals)...])
        }
        return result
    }

    /// The container in `root`, nil when runc has no (readable) state for it.
    public static func read(root: String, id: String) -> RuncStateFile? {
        let directory = root + "/" + id
        guard let data = FileManager.default.contents(atPath: directory + "/state.json"),
              var state = try? JSONDecoder().decode(RuncStateFile.self, from: data) else { return nil }
        state.directory = directory
        return state
    }

    /// Every container in `root` (a missing root has none).
    public static func readAll(root: String) -> [RuncStateFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().compactMap { read(root: root, id: $0) }
    }

    /// runc's status rule: paused when the freezer cgroup is frozen; stopped when the init is gone, a zombie,
    /// or its pid now belongs to another process; created while `exec.fifo` exists (before `runc start`);
    /// running otherwise.
    public func status() -> RuncState.Status {
        // cgroup v1 (and hybrid, where `""` names the empty unified directory too): the freezer controller.
        if let freezer = cgroupPaths["freezer"] {
            if ProcFile.read(freezer + "/freezer.state")?.trimmingCharacters(in: .whitespacesAndNewlines) == "FROZEN" { return .paused }
        } else if let unified = cgroupPaths[""], ProcFile.read(unified + "/cgroup.freeze")?.hasPrefix("1") == true {
            return .paused
        }
        guard initProcessPid > 0, let stat = ProcFile.read("/proc/\(initProcessPid)/stat"),
              let close = stat.lastIndex(of: ")") else { return .stopped }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X", UInt64(fields[19]) == initProcessStart else { return .stopped }
        return FileManager.default.fileExists(atPath: directory + "/exec.fifo") ? .created : .running
    }
}
