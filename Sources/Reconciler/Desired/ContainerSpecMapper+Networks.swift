import ComposeModel
import EngineAPI

extension ContainerSpecMapper {
    /// One attachment per joined network, highest `priority` first (the first is the primary network).
    /// Aliases are docker compose's: the container name, the service name, then the configured aliases.
    func attachments(number: Int, containerName: String) -> [NetworkAttachment] {
        let links = links(number: number)
        // compose-go gives every service without networks the `default` one; a model built otherwise
        // still joins it, as docker compose's `defaultNetworkSettings` does.
        var keys = service.networksByPriority
        if keys.isEmpty, project.networks["default"] != nil { keys = ["default"] }
        return keys.map { key in
            let config = service.networks[key] ?? nil
            var attachment = NetworkAttachment(network: networkName(key))
            attachment.aliases = [containerName, service.name] + (config?.aliases ?? [])
            attachment.links = links
            guard let config else { return attachment }
            attachment.ipv4Address = config.ipv4Address
            attachment.ipv6Address = config.ipv6Address
            attachment.linkLocalIPs = config.linkLocalIPs
            attachment.macAddress = config.macAddress
            attachment.priority = config.priority ?? 0
            attachment.gatewayPriority = config.gatewayPriority ?? 0
            attachment.driverOptions = config.driverOpts
            // docker compose passes `interface_name` as this driver option, over any value given there.
            if let interface = config.interfaceName {
                attachment.driverOptions["com.docker.network.endpoint.ifname"] = interface
            }
            return attachment
        }
    }

    /// A network's engine name (`<project>_<key>` unless `name:` says otherwise).
    func networkName(_ key: String) -> String {
        project.networks[key].map { $0.name ?? "\(project.name)_\(key)" } ?? key
    }

    /// Legacy links as docker compose writes them: for every container of a linked service
    /// `<container>:<alias>`, `<container>:<service>-<n>` and `<container>:<project>-<service>-<n>` (n is
    /// this container's number), then external links `<container>:<alias>`.
    private func links(number: Int) -> [String] {
        var result: [String] = []
        for link in service.links {
            let parts = link.split(separator: ":", maxSplits: 1).map(String.init)
            guard let target = parts.first else { continue }
            let alias = parts.count > 1 ? parts[1] : target
            let count = naming.replicaCount(target)
            guard count > 0 else { continue }
            for replica in 1...count {
                let name = naming.containerName(service: target, number: replica)
                result += ["\(name):\(alias)", "\(name):\(target)-\(number)", "\(name):\(project.name)-\(target)-\(number)"]
            }
        }
        for link in service.externalLinks {
            let parts = link.split(separator: ":", maxSplits: 1).map(String.init)
            guard let target = parts.first else { continue }
            result.append("\(target):\(parts.count > 1 ? parts[1] : target)")
        }
        return result
    }
}
