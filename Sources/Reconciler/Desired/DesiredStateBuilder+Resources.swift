import ComposeModel
import EngineAPI

extension DesiredStateBuilder {
    /// A network with its engine name and docker compose's labels (`prepareNetworks`). No config-hash label
    /// is written: docker compose hashes its own Go structure, and an absent hash is one it accepts.
    /// External networks carry only their name: they are looked up, never created.
    func desiredNetwork(key: String, _ network: ComposeNetwork, project: String) -> DesiredNetwork {
        var spec = NetworkSpec(name: network.name ?? "\(project)_\(key)")
        guard network.external != true else { return DesiredNetwork(key: key, spec: spec, external: true) }
        spec.driver = network.driver
        spec.driverOptions = network.driverOpts
        spec.isInternal = network.internal ?? false
        spec.attachable = network.attachable ?? false
        spec.enableIPv4 = network.enableIPv4
        spec.enableIPv6 = network.enableIPv6
        if let ipam = network.ipam, ipam.driver != nil || !ipam.config.isEmpty {
            var ipamSpec = IPAMSpec(driver: ipam.driver)
            ipamSpec.pools = ipam.config.map { pool in
                var result = IPAMSpec.Pool(subnet: pool.subnet, gateway: pool.gateway, ipRange: pool.ipRange)
                result.auxiliaryAddresses = pool.auxAddresses
                return result
            }
            spec.ipam = ipamSpec
        }
        spec.labels = ownershipLabels(network.labels, kindLabel: OwnershipLabels.network, key: key, project: project)
        return DesiredNetwork(key: key, spec: spec, external: false)
    }

    /// A volume with its engine name and docker compose's labels (`ensureProjectVolumes`).
    func desiredVolume(key: String, _ volume: ComposeVolume, project: String) -> DesiredVolume {
        var spec = VolumeSpec(name: volume.name ?? "\(project)_\(key)")
        guard volume.external != true else { return DesiredVolume(key: key, spec: spec, external: true) }
        spec.driver = volume.driver
        spec.driverOptions = volume.driverOpts
        spec.labels = ownershipLabels(volume.labels, kindLabel: OwnershipLabels.volume, key: key, project: project)
        return DesiredVolume(key: key, spec: spec, external: false)
    }

    /// The user's labels plus project, key and version; ours win on a clash, as in docker compose.
    private func ownershipLabels(_ labels: [String: String], kindLabel: String, key: String, project: String) -> [String: String] {
        var result = labels
        result[kindLabel] = key
        result[OwnershipLabels.project] = project
        result[OwnershipLabels.version] = context.version
        return result
    }
}
