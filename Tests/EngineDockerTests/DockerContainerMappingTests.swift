import EngineAPI
@testable import EngineDocker
import Foundation
import Testing

@Suite("Docker container create mapping")
struct DockerContainerMappingTests {
    static let v141 = DockerAPIVersion(major: 1, minor: 41)
    static let v147 = DockerAPIVersion(major: 1, minor: 47)

    static var richSpec: ContainerSpec {
        var spec = ContainerSpec(name: "shop-web-1", image: "nginx:1.27")
        spec.command = ["nginx", "-g", "daemon off;"]
        spec.entrypoint = ["/docker-entrypoint.sh"]
        spec.environment = [EnvironmentVariable("A", "1"), EnvironmentVariable("EMPTY", ""), EnvironmentVariable("PASS", nil)]
        spec.labels = ["com.docker.compose.service": "web", "com.docker.compose.container-number": "1"]
        spec.user = "101:101"
        spec.workingDir = "/srv"
        spec.hostname = "web"
        spec.domainname = "example.org"
        spec.tty = true
        spec.stdinOpen = true
        spec.ports = [PortBinding(containerPort: 80, hostIP: "127.0.0.1", hostPort: "8080"), PortBinding(containerPort: 53, portProtocol: .udp)]
        spec.exposedPorts = ["9000", "9001/udp"]
        var bind = MountSpec(kind: .bind, source: "/srv/conf", target: "/etc/nginx", readOnly: true)
        bind.selinux = "z"
        var strictBind = MountSpec(kind: .bind, source: "/srv/certs", target: "/certs")
        strictBind.bindCreateHostPath = false
        strictBind.bindPropagation = "rshared"
        var volume = MountSpec(kind: .volume, source: "shop_data", target: "/data")
        volume.volumeNoCopy = true
        var tmpfs = MountSpec(kind: .tmpfs, source: nil, target: "/run")
        tmpfs.tmpfsSize = 1_048_576
        tmpfs.tmpfsMode = 0o1777
        spec.mounts = [bind, strictBind, volume, tmpfs]
        spec.volumesFrom = ["shop-data-1:ro"]
        var front = NetworkAttachment(network: "shop_front")
        front.aliases = ["web", "www"]
        front.ipv4Address = "172.30.0.10"
        var back = NetworkAttachment(network: "shop_back")
        back.aliases = ["web"]
        spec.networks = [front, back]
        spec.restartPolicy = .onFailure(maxRetries: 3)
        var check = HealthcheckSpec(test: ["CMD-SHELL", "curl -f http://localhost"])
        check.intervalNanoseconds = 30_000_000_000
        check.timeoutNanoseconds = 5_000_000_000
        check.startIntervalNanoseconds = 1_000_000_000
        check.retries = 3
        spec.healthcheck = check
        spec.logging = LoggingSpec(driver: "json-file", options: ["max-size": "10m"])
        spec.stopSignal = "SIGQUIT"
        spec.stopTimeout = 20
        spec.initProcess = true
        spec.readOnlyRootFilesystem = true
        spec.privileged = true
        spec.capAdd = ["NET_ADMIN"]
        spec.capDrop = ["ALL"]
        spec.securityOptions = ["no-new-privileges:true"]
        spec.devices = [DeviceMapping(hostPath: "/dev/fuse", containerPath: "/dev/fuse")]
        spec.dns = ["1.1.1.1"]
        spec.dnsSearch = ["example.org"]
        spec.dnsOptions = ["ndots:2"]
        spec.extraHosts = ["db:10.0.0.5"]
        spec.sysctls = ["net.core.somaxconn": "1024"]
        spec.ulimits = [Ulimit(name: "nofile", soft: 1024, hard: 2048)]
        spec.resources.memoryBytes = 268_435_456
        spec.resources.nanoCPUs = 500_000_000
        spec.resources.cpuShares = 512
        spec.resources.pidsLimit = 100
        spec.resources.shmSizeBytes = 67_108_864
        spec.tmpfs = ["/tmp": "size=64m"]
        spec.groupAdd = ["audio"]
        spec.pidMode = "host"
        spec.ipcMode = "shareable"
        spec.runtime = "runc"
        spec.platform = "linux/amd64"
        return spec
    }

    @Test("a rich spec maps to the whole create body (API 1.41: first network at create, the other later)")
    func richBody() throws {
        let (request, later) = try DockerEngine.createContainerRequest(Self.richSpec, version: Self.v141)
        #expect(request.method == "POST")
        #expect(request.target(version: "1.41") == "/v1.41/containers/create?name=shop-web-1&platform=linux%2Famd64")
        #expect(later.map(\.network) == ["shop_back"])
        let expected = """
        {"Cmd":["nginx","-g","daemon off;"],"Domainname":"example.org","Entrypoint":["/docker-entrypoint.sh"],\
        "Env":["A=1","EMPTY=","PASS"],"ExposedPorts":{"53/udp":{},"80/tcp":{},"9000/tcp":{},"9001/udp":{}},\
        "Healthcheck":{"Interval":30000000000,"Retries":3,"Test":["CMD-SHELL","curl -f http://localhost"],"Timeout":5000000000},\
        "HostConfig":{"Binds":["/srv/conf:/etc/nginx:ro,z"],"CapAdd":["NET_ADMIN"],"CapDrop":["ALL"],"CpuShares":512,\
        "Devices":[{"CgroupPermissions":"rwm","PathInContainer":"/dev/fuse","PathOnHost":"/dev/fuse"}],\
        "Dns":["1.1.1.1"],"DnsOptions":["ndots:2"],"DnsSearch":["example.org"],"ExtraHosts":["db:10.0.0.5"],"GroupAdd":["audio"],\
        "Init":true,"IpcMode":"shareable","LogConfig":{"Config":{"max-size":"10m"},"Type":"json-file"},"Memory":268435456,\
        "Mounts":[{"BindOptions":{"Propagation":"rshared"},"Source":"/srv/certs","Target":"/certs","Type":"bind"},\
        {"Source":"shop_data","Target":"/data","Type":"volume","VolumeOptions":{"NoCopy":true}},\
        {"Target":"/run","TmpfsOptions":{"Mode":1023,"SizeBytes":1048576},"Type":"tmpfs"}],\
        "NanoCpus":500000000,"NetworkMode":"shop_front","PidMode":"host","PidsLimit":100,\
        "PortBindings":{"53/udp":[{"HostIp":"","HostPort":""}],"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]},\
        "Privileged":true,"ReadonlyRootfs":true,"RestartPolicy":{"MaximumRetryCount":3,"Name":"on-failure"},"Runtime":"runc",\
        "SecurityOpt":["no-new-privileges:true"],"ShmSize":67108864,"Sysctls":{"net.core.somaxconn":"1024"},\
        "Tmpfs":{"/tmp":"size=64m"},"Ulimits":[{"Hard":2048,"Name":"nofile","Soft":1024}],"VolumesFrom":["shop-data-1:ro"]},\
        "Hostname":"web","Image":"nginx:1.27","Labels":{"com.docker.compose.container-number":"1","com.docker.compose.service":"web"},\
        "NetworkingConfig":{"EndpointsConfig":{"shop_front":{"Aliases":["web","www"],"IPAMConfig":{"IPv4Address":"172.30.0.10"}}}},\
        "OpenStdin":true,"StopSignal":"SIGQUIT","StopTimeout":20,"Tty":true,"User":"101:101","WorkingDir":"/srv"}
        """
        #expect(request.bodyText == expected)
    }

    @Test("API 1.44+ takes every network at create, and the healthcheck start interval")
    func newerAPI() throws {
        let (request, later) = try DockerEngine.createContainerRequest(Self.richSpec, version: Self.v147)
        #expect(later.isEmpty)
        let body = try #require(request.bodyText)
        #expect(body.contains(#""EndpointsConfig":{"shop_back":{"Aliases":["web"]},"shop_front":"#))
        #expect(body.contains(#""StartInterval":1000000000"#))
    }

    @Test("a minimal spec sends only the image, the restart policy and no network")
    func minimal() throws {
        let (request, later) = try DockerEngine.createContainerRequest(ContainerSpec(name: "p-a-1", image: "busybox"), version: Self.v141)
        #expect(later.isEmpty)
        #expect(request.bodyText == #"{"HostConfig":{"RestartPolicy":{"Name":"no"}},"Image":"busybox"}"#)
    }

    @Test("a network mode replaces the attachments")
    func networkMode() throws {
        var spec = Self.richSpec
        spec.networkMode = "host"
        let (request, later) = try DockerEngine.createContainerRequest(spec, version: Self.v141)
        #expect(later.isEmpty)
        let body = try #require(request.bodyText)
        #expect(body.contains(#""NetworkMode":"host""#))
        #expect(!body.contains("EndpointsConfig"))
    }

    @Test("a volume subpath needs API 1.45")
    func subpath() {
        var spec = ContainerSpec(name: "p-a-1", image: "busybox")
        var mount = MountSpec(kind: .volume, source: "v", target: "/v")
        mount.volumeSubpath = "sub"
        spec.mounts = [mount]
        spec.labels = ["com.docker.compose.service": "a", "com.docker.compose.container-number": "1"]
        #expect(throws: EngineError.self) { try DockerEngine.createContainerRequest(spec, version: Self.v141) }
        do {
            _ = try DockerEngine.createContainerRequest(spec, version: Self.v141)
        } catch {
            #expect(error.code == .unsupported)
            #expect(error.description == "service:a:1: volume subpath at /v needs Docker API 1.45, the engine speaks 1.41")
        }
    }

    @Test("stop, kill, remove, rename and pull requests", arguments: [
        (DockerEngine.stopRequest("abc", timeout: 0, defaultTimeout: 60), "POST /v1.41/containers/abc/stop?t=0"),
        (DockerEngine.stopRequest("abc", timeout: nil, defaultTimeout: 60), "POST /v1.41/containers/abc/stop"),
        (DockerEngine.pullRequest("nginx:1.27"), "POST /v1.41/images/create?fromImage=nginx&tag=1.27"),
        (DockerEngine.pullRequest("localhost:5000/app"), "POST /v1.41/images/create?fromImage=localhost%3A5000%2Fapp&tag=latest"),
        (DockerEngine.pullRequest("nginx@sha256:ab"), "POST /v1.41/images/create?fromImage=nginx%40sha256%3Aab"),
    ])
    func requests(request: DockerRequest, expected: String) {
        #expect("\(request.method) \(request.target(version: "1.41"))" == expected)
    }
}
