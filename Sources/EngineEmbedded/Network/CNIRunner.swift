import EngineAPI
import Foundation

/// Runs CNI plugin chains the way libcni does (recipes §5.1): each plugin in order with the previous result,
/// DEL in reverse with the cached ADD result. A host-wide flock (`<state>/locks/cni.lock`) serialises every
/// call, because the plugins race on iptables and the bridge.
public struct CNIRunner: Sendable {
    public let stateRoot: String
    public let runtimeRoot: String
    public let pluginDirectory: String

    public init(stateRoot: String, runtimeRoot: String = "/run/swift-compose", pluginDirectory: String = "/usr/lib/cni") {
        self.stateRoot = stateRoot
        self.runtimeRoot = runtimeRoot
        self.pluginDirectory = pluginDirectory
    }

    /// Host-wide (on the runtime tmpfs): iptables is one table for every state directory.
    var lockPath: String { runtimeRoot + "/locks/cni.lock" }
    func cachePath(containerID: String, network: String) -> String {
        "\(runtimeRoot)/cni/cache/\(containerID)-\(network).json"
    }

    /// Attaches the container's netns to a network as `interfaceName` (eth0, eth1, …) with its published ports.
    public func add(network record: NetworkRecord, ipamDirectory: String, containerID: String, netns: String,
                    interfaceName: String, portMappings: [PortMapping] = [], staticIPs: [String] = []) throws(EngineError) -> CNIResult {
        let config = CNIConfig.conflist(for: record, ipamDirectory: ipamDirectory, publishing: !portMappings.isEmpty,
                                        staticIPs: staticIPs)
        // Only portmap edits iptables; bridge and host-local are safe to run side by side (host-local locks its
        // own data), so starts on one network proceed in parallel unless they publish ports.
        let lock = portMappings.isEmpty ? nil : try StoreLock.acquire(lockPath)
        defer { lock?.unlock() }
        let result: NetworkJSON
        do {
            result = try runChain(.add, config: config, label: record.name, containerID: containerID, netns: netns,
                                  interfaceName: interfaceName, portMappings: portMappings, previous: nil)
        } catch {
            // Undo what the plugins before the failing one did (IPAM reservation, veth, rules), best effort.
            _ = try? runChain(.del, config: config, label: record.name, containerID: containerID,
                              netns: FileSystem.exists(netns) ? netns : "", interfaceName: interfaceName,
                              portMappings: portMappings, previous: nil)
            throw error
        }
        let entry = CNICacheEntry(containerID: containerID, network: record.name, interfaceName: interfaceName,
                                  netns: netns, config: config, portMappings: portMappings, result: result)
        do {
            try AtomicFile.write(Array(try JSONEncoder().encode(entry)), to: cachePath(containerID: containerID, network: record.name))
        } catch {
            throw EngineError(.internalError, "cache CNI result of \(containerID) on \(record.name)", cause: "\(error)")
        }
        return try decode(result, what: "network \(record.name), container \(containerID)")
    }

    /// Detaches; a second DEL, or one without a cached ADD, is not an error.
    public func delete(network record: NetworkRecord, ipamDirectory: String, containerID: String, netns: String,
                       interfaceName: String) throws(EngineError) {
        let path = cachePath(containerID: containerID, network: record.name)
        var config = CNIConfig.conflist(for: record, ipamDirectory: ipamDirectory)
        var mappings: [PortMapping] = []
        var previous: NetworkJSON?
        if let bytes = try? FileSystem.readAll(path), let entry = try? JSONDecoder().decode(CNICacheEntry.self, from: Data(bytes)) {
            config = entry.config
            mappings = entry.portMappings
            previous = entry.result
        }
        let lock = CNIRunner.editsIptables(config) ? try StoreLock.acquire(lockPath) : nil
        defer { lock?.unlock() }
        // A vanished netns still needs DEL (IPAM and iptables cleanup); the plugins accept an empty CNI_NETNS.
        let namespace = FileSystem.exists(netns) ? netns : ""
        _ = try runChain(.del, config: config, label: record.name, containerID: containerID, netns: namespace,
                         interfaceName: interfaceName, portMappings: mappings, previous: previous)
        unlink(path)
    }

    /// CHECK: the plugins verify the attachment still matches the cached result.
    public func check(network record: NetworkRecord, containerID: String, netns: String, interfaceName: String) throws(EngineError) {
        let lock = try StoreLock.acquire(lockPath)
        defer { lock.unlock() }
        let path = cachePath(containerID: containerID, network: record.name)
        guard let bytes = try? FileSystem.readAll(path),
              let entry = try? JSONDecoder().decode(CNICacheEntry.self, from: Data(bytes)) else {
            throw EngineError(.notFound, "CNI CHECK on network \(record.name) for container \(containerID): not attached")
        }
        _ = try runChain(.check, config: entry.config, label: record.name, containerID: containerID, netns: netns,
                         interfaceName: interfaceName, portMappings: entry.portMappings, previous: entry.result)
    }

    /// Whether a chain has a plugin that edits iptables (everything but bridge, host-local and loopback).
    static func editsIptables(_ config: NetworkJSON) -> Bool {
        guard case .array(let plugins)? = config["plugins"] else { return true }
        return plugins.contains { !["bridge", "loopback"].contains($0["type"]?.stringValue ?? "") }
    }

    /// `lo` up in the netns.
    public func addLoopback(containerID: String, netns: String) throws(EngineError) {
        _ = try runChain(.add, config: CNIConfig.loopback(), label: "loopback", containerID: containerID, netns: netns,
                         interfaceName: "lo", portMappings: [], previous: nil)
    }

    enum Command: String { case add = "ADD", del = "DEL", check = "CHECK" }

    private func runChain(_ command: Command, config: NetworkJSON, label: String, containerID: String, netns: String,
                          interfaceName: String, portMappings: [PortMapping], previous: NetworkJSON?) throws(EngineError) -> NetworkJSON {
        guard case .array(var plugins)? = config["plugins"] else {
            throw EngineError(.invalidArgument, "CNI config of network \(label) has no plugins")
        }
        if command == .del { plugins.reverse() }
        var environment = ProcessInfo.processInfo.environment
        environment["CNI_COMMAND"] = command.rawValue
        environment["CNI_CONTAINERID"] = containerID
        environment["CNI_NETNS"] = netns
        environment["CNI_IFNAME"] = interfaceName
        environment["CNI_PATH"] = pluginDirectory
        // The plugins run iptables and ip by name: make sure the system directories are on their PATH.
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        environment["PATH"] = (path + ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
            .filter { !path.contains($0) }).joined(separator: ":")
        var last = previous
        for plugin in plugins {
            guard let type = plugin["type"]?.stringValue, !type.contains("/") else {
                throw EngineError(.invalidArgument, "CNI config of network \(label): plugin without a type")
            }
            let input = CNIRunner.pluginInput(plugin, config: config, portMappings: portMappings, previous: last)
            let output = try HostCommand.run("\(pluginDirectory)/\(type)", [], environment: environment, stdin: input.encoded())
            guard output.status == 0 else {
                throw CNIRunner.failure(command, type: type, label: label, containerID: containerID, output: output)
            }
            // ADD: each plugin's result feeds the next; DEL and CHECK keep passing the cached result.
            if command == .add, let result = NetworkJSON.decode(output.stdout) { last = result }
        }
        return last ?? .object([:])
    }

    /// The plugin object plus name, cniVersion, prevResult and — for capability plugins — runtimeConfig.
    static func pluginInput(_ plugin: NetworkJSON, config: NetworkJSON, portMappings: [PortMapping],
                            previous: NetworkJSON?) -> NetworkJSON {
        var input = plugin
        input["name"] = config["name"]
        input["cniVersion"] = config["cniVersion"]
        if case .object(let capabilities)? = plugin["capabilities"] {
            input["capabilities"] = nil
            if capabilities["portMappings"] == .bool(true) {
                input["runtimeConfig"] = .object(["portMappings": .array(portMappings.map(\.cniValue))])
            }
        }
        if let previous { input["prevResult"] = previous }
        return input
    }

    static func failure(_ command: Command, type: String, label: String, containerID: String,
                        output: HostCommand.Output) -> EngineError {
        var message = output.stderrText
        if let error = NetworkJSON.decode(output.stdout) {
            var parts: [String] = []
            if let text = error["msg"]?.stringValue { parts.append(text) }
            if let details = error["details"]?.stringValue, !details.isEmpty { parts.append(details) }
            if case .int(let code)? = error["code"] { parts.append("code \(code)") }
            if !parts.isEmpty { message = parts.joined(separator: ": ") }
        }
        return EngineError(.internalError, "CNI \(command.rawValue) on network \(label) for container \(containerID): plugin \(type) failed",
                           cause: message.isEmpty ? "exit status \(output.status)" : message)
    }

    private func decode(_ result: NetworkJSON, what: String) throws(EngineError) -> CNIResult {
        do {
            return try JSONDecoder().decode(CNIResult.self, from: Data(result.encoded()))
        } catch {
            throw EngineError(.internalError, "CNI ADD result for \(what)", cause: "\(error)")
        }
    }
}
