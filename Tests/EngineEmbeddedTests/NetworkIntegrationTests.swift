import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

/// Real bridges, namespaces and iptables through the CNI plugins, as root. Run when SWIFT_COMPOSE_IT contains
/// `embedded` and /usr/lib/cni/bridge exists. Every name carries a per-test tag; cleanup is best effort and
/// touches only what the test made.
@Suite("Network integration", .serialized)
struct NetworkIntegrationTests {
    static var enabled: Bool {
        getuid() == 0 && (ProcessInfo.processInfo.environment["SWIFT_COMPOSE_IT"] ?? "").contains("embedded")
            && FileManager.default.isExecutableFile(atPath: "/usr/lib/cni/bridge")
            && FileManager.default.isExecutableFile(atPath: "/bin/busybox")
    }

    /// One test's world: temp state and runtime dirs, the store and runner, and what to clean up.
    final class Fixture: @unchecked Sendable {
        let tag = String(UUID().uuidString.lowercased().prefix(6))
        let root: String
        let store: NetworkStore
        let runner: CNIRunner
        var attachments: [(NetworkRecord, NetworkNamespace, String, String)] = []
        var namespaces: [NetworkNamespace] = []
        var networks: [NetworkRecord] = []
        var hostInterfaces: [String] = []
        var addresses: [String] = []

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("swc-net-it-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            store = NetworkStore(stateRoot: root + "/state", runtimeRoot: root + "/run")
            runner = CNIRunner(stateRoot: root + "/state", runtimeRoot: root + "/run")
        }

        func network(_ suffix: String, options: NetworkOptions = NetworkOptions()) throws -> NetworkRecord {
            let record = try store.create("it\(tag)_\(suffix)", options: options)
            networks.append(record)
            return record
        }

        func attach(_ record: NetworkRecord, id: String, interface: String = "eth0",
                    ports: [PortMapping] = []) throws -> (NetworkNamespace, CNIResult) {
            let namespace = try NetworkNamespace.create(id: tag + id)
            if !namespaces.contains(namespace) {
                namespaces.append(namespace)
                try runner.addLoopback(containerID: tag + id, netns: namespace.path)
            }
            attachments.append((record, namespace, tag + id, interface))
            let result = try runner.add(network: record, ipamDirectory: store.ipamDirectory, containerID: tag + id,
                                        netns: namespace.path, interfaceName: interface, portMappings: ports)
            hostInterfaces += (result.interfaces ?? []).filter { $0.sandbox == nil && $0.name != record.bridge }.map(\.name)
            addresses += (result.ips ?? []).map(\.ip)
            return (namespace, result)
        }

        /// DEL, netns delete, network remove; then the temp dirs. Errors are collected, not thrown midway.
        func cleanUp() -> [String] {
            var problems: [String] = []
            for (record, namespace, id, interface) in attachments.reversed() {
                do { try runner.delete(network: record, ipamDirectory: store.ipamDirectory, containerID: id,
                                       netns: namespace.path, interfaceName: interface) } catch { problems.append("\(error)") }
            }
            attachments = []
            for namespace in namespaces {
                do { try namespace.delete() } catch { problems.append("\(error)") }
            }
            for record in networks {
                do { try store.remove(record.name) } catch { problems.append("\(error)") }
                // Belt and braces: never leave our bridge behind, even when remove failed.
                _ = try? HostCommand.run("/usr/sbin/ip", ["link", "del", record.bridge])
            }
            networks = []
            try? FileManager.default.removeItem(atPath: root)
            return problems
        }

        /// What must be gone: our bridges, veths, namespaces and any rule naming the bridges or container IPs.
        func leftovers(bridges: [String], isolation: Bool = false) throws -> [String] {
            let links = try HostCommand.run("/usr/sbin/ip", ["-j", "link"]).stdoutText
            let netns = try HostCommand.run("/usr/sbin/ip", ["netns", "list"]).stdoutText
            let filter = try HostCommand.run(NetworkFirewall.iptablesPath, ["-w", "-S"]).stdoutText
            let nat = try HostCommand.run(NetworkFirewall.iptablesPath, ["-w", "-t", "nat", "-S"]).stdoutText
                + ((try? HostCommand.run(HostCommand.find("ip6tables"), ["-w", "-t", "nat", "-S"]).stdoutText) ?? "")
                + ((try? HostCommand.run(HostCommand.find("ip6tables"), ["-w", "-S"]).stdoutText) ?? "")
            var found: [String] = []
            for name in bridges + hostInterfaces where links.contains("\"\(name)\"") { found.append("link \(name)") }
            for name in bridges where filter.contains(name) || nat.contains(name) { found.append("rule for \(name)") }
            if isolation, filter.contains(NetworkFirewall.isolationChain) { found.append("chain \(NetworkFirewall.isolationChain)") }
            for ip in addresses where filter.contains(ip + "/32") || nat.contains(ip + "/32") || nat.contains(ip + "/128") { found.append("rule for \(ip)") }
            if netns.contains("swc-\(tag)") { found.append("netns swc-\(tag)…") }
            return found
        }
    }

    /// Bounded: a ping that gets no answer is killed after a few seconds (its own -W relies on SIGALRM).
    static func inNamespace(_ namespace: NetworkNamespace, _ arguments: [String]) throws -> HostCommand.Output {
        try HostCommand.run("/usr/sbin/ip", ["netns", "exec", namespace.name] + arguments, timeout: 8)
    }

    /// Connects to 127.0.0.1:port (retrying while the listener starts, bounded) and reads until EOF.
    static func fetch(port: Int) -> String? {
        for _ in 0..<40 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var timeout = timeval(tv_sec: 3, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected == 0 {
                var bytes: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 256)
                while true {
                    let count = read(fd, &buffer, buffer.count)
                    if count <= 0 { break }
                    bytes += buffer[0..<count]
                }
                if !bytes.isEmpty { return String(decoding: bytes, as: UTF8.self) }
            }
            usleep(250_000)
        }
        return nil
    }

    @Test("two namespaces on one network reach each other, a published port answers on 127.0.0.1, and removal leaves nothing",
          .enabled(if: enabled))
    func bridgeAndPorts() throws {
        let fixture = try Fixture()
        var bridges: [String] = []
        defer {
            let problems = fixture.cleanUp()
            #expect(problems.isEmpty, "\(problems)")
            #expect((try? fixture.leftovers(bridges: bridges)) == [])
        }
        let record = try fixture.network("front", options: NetworkOptions(labels: ["com.docker.compose.network": "front"]))
        bridges.append(record.bridge)
        #expect(try fixture.store.inspect(record.name) == record)
        #expect(try fixture.store.list().map(\.name) == [record.name])
        #expect(record.bridge.count <= 15)

        let ports = try PortAllocator(runtimeRoot: fixture.root + "/run")
            .allocate([PortMapping(hostIP: "127.0.0.1", hostPort: 0, containerPort: 8080)], owner: fixture.tag + "a")
        let (nsA, resultA) = try fixture.attach(record, id: "a", ports: ports)
        let (nsB, resultB) = try fixture.attach(record, id: "b")
        let ipA = try #require(resultA.ipv4)
        let ipB = try #require(resultB.ipv4)
        #expect(IPv4Subnet(record.subnet)?.contains(IPv4Subnet.parseAddress(ipA) ?? 0) == true)
        #expect(ipA != ipB)
        #expect(resultA.interfaces?.contains { $0.name == "eth0" && $0.sandbox == nsA.path } == true)

        let ping = try Self.inNamespace(nsB, ["/bin/busybox", "ping", "-c1", "-W2", ipA])
        #expect(ping.status == 0, "\(ping.stdoutText) \(ping.stderrText)")

        // A server in A behind the published port, bounded by timeout(1) which kills its process group.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        server.arguments = ["netns", "exec", nsA.name, "/usr/bin/timeout", "20", "/bin/busybox", "nc", "-l", "-p", "8080",
                            "-e", "/bin/busybox", "echo", "hello-\(fixture.tag)"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            // timeout(1) leads its own process group: SIGKILL it and nc together.
            if server.isRunning { kill(-server.processIdentifier, SIGKILL); kill(server.processIdentifier, SIGKILL) }
            server.waitUntilExit()
        }
        let reply = Self.fetch(port: ports[0].hostPort)
        #expect(reply == "hello-\(fixture.tag)\n")
        let forward = try HostCommand.run(NetworkFirewall.iptablesPath, ["-w", "-S", NetworkFirewall.forwardChain]).stdoutText
        #expect(forward.contains("-A \(NetworkFirewall.forwardChain) -o \(record.bridge) -m conntrack --ctstate DNAT -j ACCEPT"))
        let nat = try HostCommand.run(NetworkFirewall.iptablesPath, ["-w", "-t", "nat", "-S", NetworkFirewall.masqueradeChain]).stdoutText
        #expect(nat.contains("-A \(NetworkFirewall.masqueradeChain) -s \(record.subnet) ! -o \(record.bridge) -j MASQUERADE"))

        // CHECK passes on a live attachment; DEL twice is fine.
        try fixture.runner.check(network: record, containerID: fixture.tag + "b", netns: nsB.path, interfaceName: "eth0")
        try fixture.runner.delete(network: record, ipamDirectory: fixture.store.ipamDirectory, containerID: fixture.tag + "b",
                                  netns: nsB.path, interfaceName: "eth0")
        try fixture.runner.delete(network: record, ipamDirectory: fixture.store.ipamDirectory, containerID: fixture.tag + "b",
                                  netns: nsB.path, interfaceName: "eth0")
        let after = try Self.inNamespace(nsB, ["/bin/busybox", "ip", "-o", "addr"]).stdoutText
        #expect(!after.contains(ipB))
    }

    @Test("an internal network reaches its own subnet but nothing outside it", .enabled(if: enabled))
    func internalNetwork() throws {
        let fixture = try Fixture()
        var bridges: [String] = []
        defer {
            let problems = fixture.cleanUp()
            #expect(problems.isEmpty, "\(problems)")
            #expect((try? fixture.leftovers(bridges: bridges, isolation: true)) == [])
        }
        let record = try fixture.network("back", options: NetworkOptions(internal: true))
        bridges.append(record.bridge)
        #expect(record.internal)
        let (namespace, _) = try fixture.attach(record, id: "c")
        let gateway = try Self.inNamespace(namespace, ["/bin/busybox", "ping", "-c1", "-W2", record.gateway])
        #expect(gateway.status == 0, "\(gateway.stdoutText) \(gateway.stderrText)")

        // Somewhere outside: the host's default gateway, else a documentation address.
        let routes = try HostCommand.run("/usr/sbin/ip", ["-j", "route", "show", "default"]).stdout
        var outside = "198.51.100.1"
        if case .array(let entries)? = NetworkJSON.decode(routes), let via = entries.first?["gateway"]?.stringValue { outside = via }
        let escape = try Self.inNamespace(namespace, ["/bin/busybox", "ping", "-c1", "-W2", outside])
        #expect(escape.status != 0)
        // The drop was ours: the isolation rule for this bridge counted the packet.
        let counters = try HostCommand.run(NetworkFirewall.iptablesPath,
                                           ["-w", "-L", NetworkFirewall.isolationChain, "-v", "-x", "-n"]).stdoutText
        let line = counters.split(separator: "\n").first { $0.contains(record.bridge) }
        let packets = line.flatMap { $0.split(separator: " ").first }.flatMap { Int($0) } ?? 0
        #expect(packets >= 1, "\(counters)")
    }

    @Test("subnets of a second network avoid the first one's and a requested subnet is kept", .enabled(if: enabled))
    func subnetChoiceOnHost() throws {
        let fixture = try Fixture()
        defer {
            let problems = fixture.cleanUp()
            #expect(problems.isEmpty, "\(problems)")
        }
        let first = try fixture.network("one")
        let second = try fixture.network("two")
        #expect(first.subnet != second.subnet)
        let third = try fixture.network("three", options: NetworkOptions(subnet: "10.199.7.0/24", gateway: "10.199.7.254"))
        #expect(third.subnet == "10.199.7.0/24")
        #expect(third.gateway == "10.199.7.254")
        #expect(throws: EngineError.self) { _ = try fixture.store.create(first.name) }
        #expect(throws: EngineError.self) {
            _ = try fixture.store.create("it\(fixture.tag)_clash", options: NetworkOptions(subnet: "10.199.7.128/25"))
        }
    }

    @Test("one namespace joins two networks as eth0 and eth1 (one with IPv6); a failing ADD names network and container",
          .enabled(if: enabled))
    func twoNetworks() throws {
        let fixture = try Fixture()
        var bridges: [String] = []
        defer {
            let problems = fixture.cleanUp()
            #expect(problems.isEmpty, "\(problems)")
            #expect((try? fixture.leftovers(bridges: bridges)) == [])
        }
        let front = try fixture.network("front")
        let back = try fixture.network("back", options: NetworkOptions(enableIPv6: true))
        bridges = [front.bridge, back.bridge]
        #expect(back.ipv6Subnet != nil)
        let (namespace, first) = try fixture.attach(front, id: "m", interface: "eth0")
        let (_, second) = try fixture.attach(back, id: "m", interface: "eth1")
        let v4 = try #require(second.ipv4)
        #expect(IPv4Subnet(back.subnet)?.contains(IPv4Subnet.parseAddress(v4) ?? 0) == true)
        #expect(first.ipv4.map { IPv4Subnet(front.subnet)?.contains(IPv4Subnet.parseAddress($0) ?? 0) == true } == true)
        let v6 = try #require(second.ipv6)
        #expect(v6.hasPrefix(String((back.ipv6Subnet ?? "").dropLast(4))))
        let links = try Self.inNamespace(namespace, ["/bin/busybox", "ip", "-o", "addr"]).stdoutText
        #expect(links.contains("eth0") && links.contains("eth1") && links.contains(v4))
        #expect(FileManager.default.fileExists(atPath: fixture.runner.cachePath(containerID: fixture.tag + "m", network: back.name)))

        let error = #expect(throws: EngineError.self) {
            _ = try fixture.runner.add(network: front, ipamDirectory: fixture.store.ipamDirectory, containerID: fixture.tag + "x",
                                       netns: "/run/netns/swc-\(fixture.tag)-missing", interfaceName: "eth0")
        }
        #expect(error?.message.hasPrefix("CNI ADD on network \(front.name) for container \(fixture.tag)x: plugin bridge failed") == true)
        #expect(error?.cause?.isEmpty == false)
    }
}
