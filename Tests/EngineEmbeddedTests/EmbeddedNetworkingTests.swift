import EngineAPI
import EngineEmbedded
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
}
