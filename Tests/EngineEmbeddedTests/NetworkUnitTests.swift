import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

@Suite("Network units")
struct NetworkUnitTests {
    static let record = NetworkRecord(name: "proj_default", bridge: "swc-0123456789", subnet: "10.89.3.0/24",
                                      gateway: "10.89.3.1", createdAt: "2026-01-01T00:00:00Z")

    @Test("the conflist of a network is bridge with host-local IPAM on tmpfs, plus portmap only when ports are published")
    func conflist() {
        let text = CNIConfig.conflist(for: Self.record, ipamDirectory: "/run/x/cni/ipam").text
        #expect(text == #"{"cniVersion":"1.0.0","name":"swc-0123456789","plugins":[{"bridge":"swc-0123456789","hairpinMode":true,"ipMasq":false,"ipam":{"dataDir":"/run/x/cni/ipam","ranges":[[{"gateway":"10.89.3.1","subnet":"10.89.3.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}],"type":"host-local"},"isGateway":true,"promiscMode":false,"type":"bridge"},{"capabilities":{"portMappings":true},"snat":true,"type":"portmap"}]}"#)
        let quiet = CNIConfig.conflist(for: Self.record, ipamDirectory: "/d", publishing: false)
        #expect(CNIRunner.editsIptables(quiet) == false)
        #expect(CNIRunner.editsIptables(CNIConfig.conflist(for: Self.record, ipamDirectory: "/d")))
        guard case .array(let plugins)? = quiet["plugins"] else {
            Issue.record("no plugins")
            return
        }
        #expect(plugins.map { $0["type"]?.stringValue } == ["bridge"])
    }

    @Test("an IPv6 network has a second range and route; masquerading is the network's rule, never the plugin's")
    func internalIPv6() {
        var record = Self.record
        record.internal = true
        record.ipv6Subnet = "fd89:5c00:0:5903::/64"
        record.ipv6Gateway = "fd89:5c00:0:5903::1"
        let bridge = CNIConfig.conflist(for: record, ipamDirectory: "/d")["plugins"].flatMap { plugins -> NetworkJSON? in
            if case .array(let list) = plugins { return list.first }
            return nil
        }
        #expect(bridge?["ipMasq"] == .bool(false))
        #expect(bridge?["ipam"]?["ranges"]?.text == #"[[{"gateway":"10.89.3.1","subnet":"10.89.3.0/24"}],[{"gateway":"fd89:5c00:0:5903::1","subnet":"fd89:5c00:0:5903::/64"}]]"#)
        #expect(bridge?["ipam"]?["routes"]?.text == #"[{"dst":"0.0.0.0/0"},{"dst":"::/0"}]"#)
    }

    @Test("a host command that outlives its timeout is killed, and stdin and stdout pass through")
    func commandTimeout() throws {
        let slow = try HostCommand.run("/bin/sleep", ["30"], timeout: 0.5)
        #expect(slow.status == 128 + SIGKILL)
        let echo = try HostCommand.run("/bin/cat", [], stdin: Array("through cat".utf8))
        #expect(echo.status == 0)
        #expect(echo.stdoutText == "through cat")
    }

    @Test("the loopback list is one plugin")
    func loopback() {
        #expect(CNIConfig.loopback().text == #"{"cniVersion":"1.0.0","name":"swc-loopback","plugins":[{"type":"loopback"}]}"#)
    }

    @Test("portmap gets runtimeConfig instead of capabilities, name, version and the previous result")
    func pluginInput() {
        let config = CNIConfig.conflist(for: Self.record, ipamDirectory: "/d")
        let portmap: NetworkJSON = .object(["type": .string("portmap"), "snat": .bool(true),
                                            "capabilities": .object(["portMappings": .bool(true)])])
        let input = CNIRunner.pluginInput(portmap, config: config,
                                          portMappings: [PortMapping(hostIP: "127.0.0.1", hostPort: 8080, containerPort: 80)],
                                          previous: .object(["cniVersion": .string("1.0.0")]))
        #expect(input.text == #"{"cniVersion":"1.0.0","name":"swc-0123456789","prevResult":{"cniVersion":"1.0.0"},"runtimeConfig":{"portMappings":[{"containerPort":80,"hostIP":"127.0.0.1","hostPort":8080,"protocol":"tcp"}]},"snat":true,"type":"portmap"}"#)
    }

    @Test("a plugin error names the command, network, container, plugin and message")
    func pluginError() {
        let output = HostCommand.Output(status: 1, stdout: Array(#"{"cniVersion":"1.0.0","code":11,"msg":"failed to allocate","details":"range is full"}"#.utf8), stderr: [])
        let error = CNIRunner.failure(.add, type: "bridge", label: "proj_default", containerID: "c1", output: output)
        #expect(error.description == "CNI ADD on network proj_default for container c1: plugin bridge failed: failed to allocate: range is full: code 11")
    }

    @Test("subnet choice skips host routes and recorded networks")
    func subnetChoice() {
        let pool = SubnetPool()
        #expect(pool.choose(avoiding: [])?.description == "10.89.0.0/24")
        let taken = ["10.89.0.0/24", "10.89.1.128/25", "10.88.0.0/15"].compactMap(IPv4Subnet.init)
        #expect(pool.choose(avoiding: taken) == nil)
        let some = ["10.89.0.0/23", "10.89.2.7/32", "172.17.0.0/16", "0.0.0.0/0"].compactMap(IPv4Subnet.init)
        #expect(pool.choose(avoiding: some)?.description == "10.89.3.0/24")
        let small = SubnetPool(pool: IPv4Subnet(address: 0x0A59_0000, prefix: 23), size: 24)
        #expect(small.choose(avoiding: ["10.89.0.0/24", "10.89.1.0/24"].compactMap(IPv4Subnet.init)) == nil)
    }

    @Test("host routes come from /proc/net/route and ip -j route, without the default route")
    func routeParsing() {
        let proc = """
        Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
        eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
        docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
        br-1\t0010A8C0\t00000000\t0001\t0\t0\t0\t00F0FFFF\t0\t0\t0
        """
        #expect(SubnetPool.parseProcRoutes(proc).map(\.description) == ["172.17.0.0/16", "192.168.16.0/20"])
        let json = #"[{"dst":"default","gateway":"192.0.2.1"},{"dst":"192.0.2.0/24","dev":"eth0"},{"dst":"10.89.0.5","dev":"x"},{"dst":"fe80::/64"}]"#
        #expect(SubnetPool.parseIPRoutes(Array(json.utf8)).map(\.description) == ["192.0.2.0/24", "10.89.0.5/32"])
    }

    @Test("subnets parse, contain and overlap")
    func subnets() {
        #expect(IPv4Subnet("10.89.3.77/24")?.description == "10.89.3.0/24")
        #expect(IPv4Subnet("10.89.3.0/33") == nil)
        #expect(IPv4Subnet("10.89.3/24") == nil)
        #expect(IPv4Subnet("10.89.3.0/24")?.firstHost == "10.89.3.1")
        #expect(IPv4Subnet("10.0.0.0/8")?.overlaps(IPv4Subnet("10.89.3.0/24") ?? IPv4Subnet(address: 0, prefix: 32)) == true)
        #expect(IPv4Subnet("10.89.4.0/24")?.overlaps(IPv4Subnet("10.89.3.0/24") ?? IPv4Subnet(address: 0, prefix: 32)) == false)
    }

    @Test("a store names bridges swc- plus ten hex digits, within IFNAMSIZ")
    func bridgeName() {
        let store = NetworkStore(stateRoot: "/var/lib/swift-compose")
        let name = store.bridgeName(for: "a_very_long_project_name_default")
        #expect(name.count == 14)
        #expect(name.hasPrefix("swc-"))
        #expect(name == store.bridgeName(for: "a_very_long_project_name_default"))
        #expect(name != store.bridgeName(for: "other"))
    }

    @Test("hosts files list localhost, the container, peers with aliases and extra hosts")
    func hosts() throws {
        let hosts = HostsFile(
            own: [.init(ip: "10.89.3.2", names: ["web-1", "proj-web-1", "web"])],
            peers: [.init(ip: "10.89.3.3", names: ["db", "proj-db-1", "database", "db", "legacy"])],
            extraHosts: [try HostsFile.extraHost("somehost:162.242.195.82"), try HostsFile.extraHost("v6=[::1]")])
        #expect(hosts.render() == """
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::0\tip6-localnet
        ff00::0\tip6-mcastprefix
        ff02::1\tip6-allnodes
        ff02::2\tip6-allrouters
        10.89.3.2\tweb-1 proj-web-1 web
        10.89.3.3\tdb proj-db-1 database legacy
        162.242.195.82\tsomehost
        ::1\tv6

        """)
        #expect(throws: EngineError.self) { try HostsFile.extraHost("nohost") }
    }

    @Test("hosts files are rewritten in place: the inode stays")
    func inPlace() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swc-hosts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/hosts"
        try HostsFile.writeInPlace("first version, longer\n", to: path)
        var before = stat()
        stat(path, &before)
        try HostsFile.writeInPlace("second\n", to: path)
        var after = stat()
        stat(path, &after)
        #expect(before.st_ino == after.st_ino)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
    }

    @Test("resolv.conf drops loopback nameservers; compose dns settings replace the host's")
    func resolv() {
        let host = "# generated\nnameserver 127.0.0.53\nnameserver 192.0.2.53\nnameserver ::1\nsearch example.org\noptions edns0\n"
        #expect(ResolvConf.make(hostText: host).render() == "search example.org\nnameserver 192.0.2.53\noptions edns0\n")
        #expect(ResolvConf.make(hostText: host, dns: ["1.1.1.1", "8.8.8.8"], dnsSearch: ["a.test"], dnsOptions: ["ndots:2"]).render()
                == "search a.test\nnameserver 1.1.1.1\nnameserver 8.8.8.8\noptions ndots:2\n")
    }

    @Test("compose port syntax: host ip, ranges, udp, ephemeral, IPv6 brackets")
    func portParsing() throws {
        #expect(try PortMapping.parse("127.0.0.1:8080:80") == [PortMapping(hostIP: "127.0.0.1", hostPort: 8080, containerPort: 80)])
        #expect(try PortMapping.parse("80") == [PortMapping(hostPort: 0, containerPort: 80)])
        #expect(try PortMapping.parse("9000-9001:90-91/udp") == [
            PortMapping(hostPort: 9000, containerPort: 90, protocol: "udp"),
            PortMapping(hostPort: 9001, containerPort: 91, protocol: "udp"),
        ])
        #expect(try PortMapping.parse("[::1]:53:53/udp") == [PortMapping(hostIP: "::1", hostPort: 53, containerPort: 53, protocol: "udp")])
        #expect(try PortMapping.parse("127.0.0.1::80") == [PortMapping(hostIP: "127.0.0.1", hostPort: 0, containerPort: 80)])
        #expect(try PortMapping.parse("8000-8010:80") == [PortMapping(hostPort: 8000, containerPort: 80)])
        for bad in ["x", "70000", "80/icmp", "1-3:1-2", "a:b:c:d", "1.2.3:80:80"] {
            #expect(throws: EngineError.self, "\(bad)") { try PortMapping.parse(bad) }
        }
        #expect(PortMapping(hostIP: "127.0.0.1", hostPort: 8080, containerPort: 80).description == "127.0.0.1:8080/tcp")
    }

    @Test("the port table refuses a port held by another container or bound by a host process")
    func portConflicts() throws {
        let runtime = FileManager.default.temporaryDirectory.appendingPathComponent("swc-ports-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: runtime) }
        let allocator = PortAllocator(runtimeRoot: runtime)

        // A socket bound and listening on an ephemeral port, owned by "a host process" (this test).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(bound == 0)
        #expect(listen(fd, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let taken = Int(UInt16(bigEndian: address.sin_port))
        let error = #expect(throws: EngineError.self) {
            _ = try allocator.allocate([PortMapping(hostIP: "127.0.0.1", hostPort: taken, containerPort: 80)], owner: "web-1")
        }
        #expect(error?.description == "port 127.0.0.1:\(taken)/tcp is already allocated (by a host process)")

        // An ephemeral port is resolved and recorded; the same port for another owner conflicts, also via 0.0.0.0.
        let first = try allocator.allocate([PortMapping(hostIP: "127.0.0.1", hostPort: 0, containerPort: 80),
                                            PortMapping(hostPort: 0, containerPort: 53, protocol: "udp")], owner: "web-1")
        #expect(first.count == 2)
        #expect(first.allSatisfy { $0.hostPort > 0 })
        let port = first[0].hostPort
        #expect(try allocator.entries()["tcp-127.0.0.1-\(port)"] == "web-1")
        let again = try allocator.allocate([first[0]], owner: "web-1")
        #expect(again == [first[0]])
        let clash = #expect(throws: EngineError.self) {
            _ = try allocator.allocate([PortMapping(hostPort: port, containerPort: 80)], owner: "web-2")
        }
        #expect(clash?.description == "port 0.0.0.0:\(port)/tcp is already allocated (by container web-1)")
        #expect(clash?.code == .conflict)
        // The other protocol on the same number is free (when the host has it free).
        let udpSame = try? allocator.allocate([PortMapping(hostIP: "127.0.0.1", hostPort: port, containerPort: 80, protocol: "udp")], owner: "web-2")
        #expect(udpSame == nil || udpSame?.count == 1)
        // A failed allocation leaves nothing behind for that owner; release frees everything.
        #expect(try allocator.entries().values.filter { $0 == "web-3" }.isEmpty)
        #expect(try allocator.release(owner: "web-1") == 2)
        #expect(try allocator.entries().values.filter { $0 == "web-1" }.isEmpty)
    }
}
