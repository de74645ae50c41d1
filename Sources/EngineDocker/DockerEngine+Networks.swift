import EngineAPI
import Foundation

extension DockerEngine {
    public func createNetwork(_ spec: NetworkSpec) async throws(EngineError) -> String {
        let request = DockerEngine.createNetworkRequest(spec)
        let response = try await call(request, resource: ResourceID(.network, spec.name))
        return try decode(DockerIDAnswer.self, from: response, request: request).Id
    }

    /// A 403 here is dockerd refusing to remove a network that still has endpoints: a conflict.
    /// dockerd releases a removed container's endpoint asynchronously: right after many parallel removals a
    /// network may still report "active endpoints" for a moment. That answer is retried for about 3 s before
    /// it counts as the network being in use (`.conflict`).
    public func removeNetwork(_ name: String) async throws(EngineError) {
        let request = DockerRequest("DELETE", "/networks/\(DockerRequest.segment(name))")
        var attempt = 1
        while true {
            do {
                try await call(request, resource: ResourceID(.network, name), overrides: [403: .conflict])
                return
            } catch where error.code == .conflict && attempt < 7 && !Task.isCancelled
                && (error.message + (error.cause ?? "")).contains("active endpoints") {
                try? await Task.sleep(for: .milliseconds(500))
                attempt += 1
            }
        }
    }

    /// Two calls: dockerd connects a container that is not running to a network that does not exist (it
    /// only records the name, for swarm networks that appear later), and the container then fails to
    /// start. Inspecting the network first turns that into the contract's notFound.
    public func connect(container: String, to attachment: NetworkAttachment) async throws(EngineError) {
        try await call(DockerRequest("GET", "/networks/\(DockerRequest.segment(attachment.network))"),
                       resource: ResourceID(.network, attachment.network))
        try await call(DockerEngine.connectRequest(container: container, attachment), resource: ResourceID(.network, attachment.network),
                       overrides: [403: .conflict])
    }

    public func disconnect(container: String, from network: String) async throws(EngineError) {
        let body = DockerEngine.encode(DockerNetworkDisconnect(Container: container))
        try await call(DockerRequest("POST", "/networks/\(DockerRequest.segment(network))/disconnect", body: body),
                       resource: ResourceID(.network, network))
    }

    public func createVolume(_ spec: VolumeSpec) async throws(EngineError) {
        try await call(DockerEngine.createVolumeRequest(spec), resource: ResourceID(.volume, spec.name))
    }

    public func removeVolume(_ name: String) async throws(EngineError) {
        try await call(DockerRequest("DELETE", "/volumes/\(DockerRequest.segment(name))"), resource: ResourceID(.volume, name))
    }

    static func createNetworkRequest(_ spec: NetworkSpec) -> DockerRequest {
        var body = DockerNetworkCreate(Name: spec.name)
        body.Driver = spec.driver
        body.Internal = spec.isInternal ? true : nil
        body.Attachable = spec.attachable ? true : nil
        body.EnableIPv4 = spec.enableIPv4
        body.EnableIPv6 = spec.enableIPv6
        body.Options = nonEmpty(spec.driverOptions)
        body.Labels = nonEmpty(spec.labels)
        if let ipam = spec.ipam {
            let pools = ipam.pools.map {
                DockerNetworkCreate.IPAMPool(Subnet: $0.subnet, IPRange: $0.ipRange, Gateway: $0.gateway,
                                             AuxiliaryAddresses: nonEmpty($0.auxiliaryAddresses))
            }
            body.IPAM = DockerNetworkCreate.IPAM(Driver: ipam.driver, Config: pools.isEmpty ? nil : pools, Options: nonEmpty(ipam.options))
        }
        return DockerRequest("POST", "/networks/create", body: encode(body))
    }

    static func connectRequest(container: String, _ attachment: NetworkAttachment) -> DockerRequest {
        let body = DockerNetworkConnect(Container: container, EndpointConfig: endpointSettings(attachment))
        return DockerRequest("POST", "/networks/\(DockerRequest.segment(attachment.network))/connect", body: encode(body))
    }

    static func endpointSettings(_ attachment: NetworkAttachment) -> DockerEndpointSettings {
        let hasAddress = attachment.ipv4Address != nil || attachment.ipv6Address != nil || !attachment.linkLocalIPs.isEmpty
        return DockerEndpointSettings(
            Aliases: nonEmpty(attachment.aliases), Links: nonEmpty(attachment.links),
            IPAMConfig: hasAddress ? .init(IPv4Address: attachment.ipv4Address, IPv6Address: attachment.ipv6Address,
                                           LinkLocalIPs: nonEmpty(attachment.linkLocalIPs)) : nil,
            MacAddress: attachment.macAddress, DriverOpts: nonEmpty(attachment.driverOptions))
    }

    static func createVolumeRequest(_ spec: VolumeSpec) -> DockerRequest {
        let body = DockerVolumeCreate(Name: spec.name, Driver: spec.driver, DriverOpts: nonEmpty(spec.driverOptions), Labels: nonEmpty(spec.labels))
        return DockerRequest("POST", "/volumes/create", body: encode(body))
    }

    /// Empty collections are left out of request bodies: dockerd treats absent and empty alike.
    static func nonEmpty<C: Collection>(_ value: C) -> C? { value.isEmpty ? nil : value }
}
