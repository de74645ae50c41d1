import EngineAPI
@testable import EngineDocker
import Foundation
import Testing

@Suite("Docker network and volume mapping")
struct DockerNetworkMappingTests {
    @Test("a network create carries IPAM, flags, options and labels, and refuses duplicates")
    func createNetwork() {
        var spec = NetworkSpec(name: "shop_back")
        spec.driver = "bridge"
        spec.isInternal = true
        spec.attachable = true
        spec.enableIPv6 = true
        spec.driverOptions = ["com.docker.network.bridge.name": "br-shop"]
        spec.labels = ["com.docker.compose.project": "shop"]
        var pool = IPAMSpec.Pool(subnet: "172.30.0.0/16", gateway: "172.30.0.1", ipRange: "172.30.5.0/24")
        pool.auxiliaryAddresses = ["router": "172.30.0.2"]
        spec.ipam = IPAMSpec(driver: "default", pools: [pool])
        let request = DockerEngine.createNetworkRequest(spec)
        #expect(request.target(version: "1.41") == "/v1.41/networks/create")
        #expect(request.bodyText == """
        {"Attachable":true,"CheckDuplicate":true,"Driver":"bridge","EnableIPv6":true,\
        "IPAM":{"Config":[{"AuxiliaryAddresses":{"router":"172.30.0.2"},"Gateway":"172.30.0.1","IPRange":"172.30.5.0/24",\
        "Subnet":"172.30.0.0/16"}],"Driver":"default"},"Internal":true,"Labels":{"com.docker.compose.project":"shop"},\
        "Name":"shop_back","Options":{"com.docker.network.bridge.name":"br-shop"}}
        """)
    }

    @Test("connect sends aliases, addresses and links")
    func connect() {
        var attachment = NetworkAttachment(network: "shop_back")
        attachment.aliases = ["db"]
        attachment.ipv6Address = "fd00::5"
        attachment.links = ["cache:redis"]
        let request = DockerEngine.connectRequest(container: "abc", attachment)
        #expect(request.target(version: "1.41") == "/v1.41/networks/shop_back/connect")
        #expect(request.bodyText == #"{"Container":"abc","EndpointConfig":{"Aliases":["db"],"IPAMConfig":{"IPv6Address":"fd00::5"},"Links":["cache:redis"]}}"#)
    }

    @Test("a volume create carries driver, options and labels")
    func createVolume() {
        var spec = VolumeSpec(name: "shop_data")
        spec.driverOptions = ["type": "tmpfs"]
        spec.labels = ["com.docker.compose.volume": "data"]
        #expect(DockerEngine.createVolumeRequest(spec).bodyText
            == #"{"DriverOpts":{"type":"tmpfs"},"Labels":{"com.docker.compose.volume":"data"},"Name":"shop_data"}"#)
    }
}
