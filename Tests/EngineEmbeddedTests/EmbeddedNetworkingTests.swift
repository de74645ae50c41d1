import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

/// Container networking through the engine protocol (root; `SWIFT_COMPOSE_IT=embedded`).
@Suite("Embedded engine: container networking", .enabled(if: EmbeddedTestEngine.enabled), .serialized)
struct EmbeddedNetworkingTests {
    @Test("a requested address is given; peers find each other by name and alias in /etc/hosts and over the bridge")
    func staticAddressAndNames() async throws {
        let engine = try await EmbeddedTestEngine.engine()
        let project = EmbeddedTestEngine.project()
        var network = NetworkSpec(name: "\(project)_net")
        network.labels = [OwnershipLabels.project: project]
        network.ipam = IPAMSpec(pools: [IPAMSpec.Pool(subnet: "10.123.45.0/24")])
        _ = try await engine.createNetwork(network)
        func spec(_ service: String, address: String?) -> ContainerSpec {
            var spec = ContainerSpec(name: "\(project)-\(service)-1", image: EmbeddedTestEngine.image)
            spec.labels = [OwnershipLabels.project: project, OwnershipLabels.service: service]
            spec.command = ["sleep", "3600"]
            spec.initProcess = true
            var attachment = NetworkAttachment(network: network.name)
            attachment.aliases = [service, "alias-\(service)"]
            attachment.ipv4Address = address
            spec.networks = [attachment]
            return spec
        }
        var ids: [String] = []
        do {
            ids.append(try await engine.createContainer(spec("a", address: "10.123.45.77")))
            ids.append(try await engine.createContainer(spec("b", address: nil)))
            for id in ids { try await engine.startContainer(id) }
            let names = ExecSpec(command: ["sh", "-c", "grep -q '^10.123.45.77\talias-a ' /etc/hosts || grep -q '^10.123.45.77\ta alias-a' /etc/hosts"])
            #expect(try await engine.execInContainer(ids[1], names) == 0)
            #expect(try await engine.execInContainer(ids[1], ExecSpec(command: ["ping", "-c", "1", "-W", "5", "alias-a"])) == 0)
            let outside = try await engine.createContainer(spec("c", address: "10.99.0.5"))
            ids.append(outside)
            do {
                try await engine.startContainer(outside)
                Issue.record("an address outside the subnet was accepted")
            } catch {
                #expect(error.code == .invalidArgument, "\(error)")
            }
        } catch {
            Issue.record("\(error)")
        }
        for id in ids { try? await engine.removeContainer(id, force: true, removeVolumes: true) }
        try await engine.removeNetwork(network.name)
    }

    @Test("an IPv6 network: containers get addresses of both families, peers resolve to both, traffic flows over IPv6, and the network's ip6tables rules come and go with it")
    func dualStack() async throws {
        let engine = try await EmbeddedTestEngine.engine()
        let project = EmbeddedTestEngine.project()
        let v6 = "fd42:\(String(Int.random(in: 0x1000..<0xffff), radix: 16))::/64"
        var network = NetworkSpec(name: "\(project)_v6")
        network.labels = [OwnershipLabels.project: project]
        network.enableIPv6 = true
        network.ipam = IPAMSpec(pools: [IPAMSpec.Pool(subnet: v6)])
        _ = try await engine.createNetwork(network)
        let record = try #require(try engine.networks.inspect(network.name))
        #expect(record.ipv6Subnet == v6)
        let ip6tables = HostCommand.find("ip6tables")
        let masquerade = ["-w", "-t", "nat", "-C", NetworkFirewall.masqueradeChain, "-s", v6, "!", "-o", record.bridge, "-j", "MASQUERADE"]
        #expect(try HostCommand.run(ip6tables, masquerade).status == 0, "no IPv6 masquerade rule for \(v6)")
        func spec(_ service: String) -> ContainerSpec {
            var spec = ContainerSpec(name: "\(project)-\(service)-1", image: EmbeddedTestEngine.image)
            spec.labels = [OwnershipLabels.project: project, OwnershipLabels.service: service]
            spec.command = ["sleep", "3600"]
            spec.initProcess = true
            var attachment = NetworkAttachment(network: network.name)
            attachment.aliases = [service]
            spec.networks = [attachment]
            return spec
        }
        var ids: [String] = []
        do {
            ids.append(try await engine.createContainer(spec("a")))
            ids.append(try await engine.createContainer(spec("b")))
            for id in ids { try await engine.startContainer(id) }
            // a under its alias with both families in b's /etc/hosts; a ping to its IPv6 address.
            let check = "addr=$(awk '$2 == \"a\" && $1 ~ /:/ { print $1; exit }' /etc/hosts); "
                + "case $addr in fd42:*) ;; *) echo \"no IPv6 entry for a\"; cat /etc/hosts; exit 2 ;; esac; "
                + "grep -q -E '^[0-9.]+\ta ' /etc/hosts || exit 3; ping -6 -c 1 -W 5 $addr"
            // 2: no IPv6 entry, 3: no IPv4 entry, 1: no answer over IPv6.
            #expect(try await engine.execInContainer(ids[1], ExecSpec(command: ["sh", "-c", check])) == 0)
        } catch {
            Issue.record("\(error)")
        }
        for id in ids { try? await engine.removeContainer(id, force: true, removeVolumes: true) }
        try await engine.removeNetwork(network.name)
        #expect(try HostCommand.run(ip6tables, masquerade).status != 0, "the IPv6 masquerade rule outlived the network")
    }
}
