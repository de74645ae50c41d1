import EngineAPI
import Reconciler
import Testing

@Suite("Desired state: a three-service stack")
struct DesiredStateBuilderTests {
    static let stack = """
    name: shop
    services:
      web:
        image: nginx:1.27
        depends_on:
          api:
            condition: service_healthy
            restart: true
        ports:
          - "8080:80"
          - "127.0.0.1:8443-8444:443/tcp"
          - "5353:53/udp"
        expose: ["9000-9001"]
        networks:
          front:
          back:
            aliases: [www]
            priority: 10
        environment:
          MODE: prod
        labels:
          tier: frontend
        logging:
          driver: json-file
          options: {max-size: 10m}
      api:
        build: ./api
        scale: 3
        depends_on: [db]
        environment:
          DB_HOST: db
        command: ["serve", "--port", "9000"]
        networks: [back]
        volumes:
          - data:/var/lib/api
          - ./config:/etc/api:ro
          - type: tmpfs
            target: /scratch
            tmpfs: {size: 1048576}
          - /anon
        secrets:
          - api_key
          - source: tls
            target: tls.pem
            uid: "1000"
            gid: "1000"
            mode: 0400
        healthcheck:
          test: ["CMD", "curl", "-f", "http://localhost:9000"]
          interval: 10s
          timeout: 2s
          retries: 3
          start_period: 30s
        restart: on-failure:5
        deploy:
          resources:
            limits: {cpus: "0.5", memory: 256M}
        stop_grace_period: 1m30s
        ulimits:
          nofile: {soft: 1024, hard: 4096}
      db:
        image: postgres:16
        networks:
          back:
            ipv4_address: 172.28.0.10
        volumes: [dbdata:/var/lib/postgresql/data]
        read_only: true
        user: "999:999"
        tmpfs: ["/run:size=64m"]
        cap_drop: [ALL]
        extra_hosts: ["gateway=10.0.0.1"]
        sysctls: {net.core.somaxconn: "1024"}
    networks:
      front: {}
      back:
        ipam:
          config: [{subnet: 172.28.0.0/16}]
    volumes:
      data: {}
      dbdata:
        name: shop-db
    secrets:
      api_key: {file: ./secrets/api_key.txt}
      tls: {environment: TLS_PEM}
    """

    static func build() throws -> DesiredProject {
        try DesiredFixture.build(stack, environment: ["TLS_PEM": "pem-text"])
    }

    @Test("services come in dependency order with replicas, images and dependencies")
    func services() throws {
        let project = try Self.build()
        #expect(project.name == "shop")
        #expect(project.services.map(\.name) == ["db", "api", "web"])
        #expect(project.services.map(\.replicas) == [1, 3, 1])
        #expect(project.services.map(\.image) == ["postgres:16", "shop-api", "nginx:1.27"])
        #expect(project.services.map(\.builds) == [false, true, false])
        #expect(project.services.map(\.pullPolicy) == [.missing, .build, .missing])
        #expect(project.service("web")?.dependencies == [DesiredDependency(service: "api", condition: .healthy, required: true, restart: true)])
        #expect(project.service("api")?.dependencies == [DesiredDependency(service: "db", condition: .started, required: true, restart: false)])
        #expect(project.service("api")?.containers.map(\.spec.name) == ["shop-api-1", "shop-api-2", "shop-api-3"])
        #expect(project.service("api")?.containers.map(\.id.description) == ["service:api:1", "service:api:2", "service:api:3"])
        #expect(project.warnings == [])
    }

    @Test("networks and volumes carry engine names, options and ownership labels")
    func networksAndVolumes() throws {
        let project = try Self.build()
        var back = NetworkSpec(name: "shop_back")
        back.ipam = IPAMSpec(pools: [IPAMSpec.Pool(subnet: "172.28.0.0/16")])
        back.labels = ["com.docker.compose.project": "shop", "com.docker.compose.network": "back", "com.docker.compose.version": "2.40.3"]
        var front = NetworkSpec(name: "shop_front")
        front.labels = ["com.docker.compose.project": "shop", "com.docker.compose.network": "front", "com.docker.compose.version": "2.40.3"]
        #expect(project.networks == [DesiredNetwork(key: "back", spec: back, external: false),
                                     DesiredNetwork(key: "front", spec: front, external: false)])
        var data = VolumeSpec(name: "shop_data")
        data.labels = ["com.docker.compose.project": "shop", "com.docker.compose.volume": "data", "com.docker.compose.version": "2.40.3"]
        var dbdata = VolumeSpec(name: "shop-db")
        dbdata.labels = ["com.docker.compose.project": "shop", "com.docker.compose.volume": "dbdata", "com.docker.compose.version": "2.40.3"]
        #expect(project.volumes == [DesiredVolume(key: "data", spec: data, external: false),
                                    DesiredVolume(key: "dbdata", spec: dbdata, external: false)])
    }

    @Test("db's container spec is exact")
    func databaseSpec() throws {
        let project = try Self.build()
        let container = try #require(project.service("db")?.containers.first)
        var expected = ContainerSpec(name: "shop-db-1", image: "postgres:16")
        expected.user = "999:999"
        var attachment = NetworkAttachment(network: "shop_back")
        attachment.aliases = ["shop-db-1", "db"]
        attachment.ipv4Address = "172.28.0.10"
        expected.networks = [attachment]
        expected.mounts = [MountSpec(kind: .volume, source: "shop-db", target: "/var/lib/postgresql/data")]
        expected.readOnlyRootFilesystem = true
        expected.tmpfs = ["/run": "size=64m"]
        expected.capDrop = ["ALL"]
        expected.extraHosts = ["gateway:10.0.0.1"]
        expected.sysctls = ["net.core.somaxconn": "1024"]
        expected.labels = [
            "com.docker.compose.project": "shop",
            "com.docker.compose.service": "db",
            "com.docker.compose.container-number": "1",
            "com.docker.compose.oneoff": "False",
            "com.docker.compose.config-hash": container.digests.combined,
            "com.docker.compose.project.config_files": "/tmp/swift-compose-desired-fixture/compose.yaml",
            "com.docker.compose.project.working_dir": "/tmp/swift-compose-desired-fixture",
            "com.docker.compose.depends_on": "",
            "com.docker.compose.version": "2.40.3",
            "io.swift-compose.digest-version": "1",
            "io.swift-compose.field-digests": container.digests.labelValue,
        ]
        #expect(container.spec == expected)
        #expect(container.digests.combined.count == 64)
        #expect(container.digests.groups.keys.sorted() == [
            "command", "environment", "healthcheck", "image", "labels", "logging", "mounts", "networks",
            "ports", "resources", "restart", "runtime", "security",
        ])
    }

    @Test("api's second replica: mounts, secrets, healthcheck, restart, resources")
    func apiSpec() throws {
        let project = try Self.build()
        let spec = try #require(project.service("api")?.containers.dropFirst().first?.spec)
        #expect(spec.name == "shop-api-2")
        #expect(spec.image == "shop-api")
        #expect(spec.command == ["serve", "--port", "9000"])
        #expect(spec.entrypoint == nil)
        #expect(spec.environment == [EnvironmentVariable("DB_HOST", "db")])
        var config = MountSpec(kind: .bind, source: "/tmp/swift-compose-desired-fixture/config", target: "/etc/api", readOnly: true)
        config.bindCreateHostPath = true
        var scratch = MountSpec(kind: .tmpfs, source: nil, target: "/scratch")
        scratch.tmpfsSize = 1_048_576
        var apiKey = MountSpec(kind: .bind, source: "/tmp/swift-compose-desired-fixture/secrets/api_key.txt",
                               target: "/run/secrets/api_key", readOnly: true)
        apiKey.bindCreateHostPath = false
        #expect(spec.mounts == [
            MountSpec(kind: .volume, source: "shop_data", target: "/var/lib/api"),
            config,
            scratch,
            MountSpec(kind: .volume, source: nil, target: "/anon"),
            apiKey,
        ])
        #expect(spec.injectedFiles == [
            InjectedFile(target: "/run/secrets/tls.pem", source: .content("pem-text"), uid: "1000", gid: "1000", mode: 0o400),
        ])
        var health = HealthcheckSpec(test: ["CMD", "curl", "-f", "http://localhost:9000"])
        health.intervalNanoseconds = 10_000_000_000
        health.timeoutNanoseconds = 2_000_000_000
        health.startPeriodNanoseconds = 30_000_000_000
        health.retries = 3
        #expect(spec.healthcheck == health)
        #expect(spec.restartPolicy == .onFailure(maxRetries: 5))
        #expect(spec.stopTimeout == 90)
        #expect(spec.resources.nanoCPUs == 500_000_000)
        #expect(spec.resources.memoryBytes == 268_435_456)
        #expect(spec.ulimits == [Ulimit(name: "nofile", soft: 1024, hard: 4096)])
        var attachment = NetworkAttachment(network: "shop_back")
        attachment.aliases = ["shop-api-2", "api"]
        #expect(spec.networks == [attachment])
        #expect(spec.labels["com.docker.compose.container-number"] == "2")
        #expect(spec.labels["com.docker.compose.depends_on"] == "db:service_started:false")
    }

    @Test("web: ports with ranges, host IPs and udp; networks by priority; user labels kept")
    func webSpec() throws {
        let project = try Self.build()
        let spec = try #require(project.service("web")?.containers.first?.spec)
        #expect(spec.ports == [
            PortBinding(containerPort: 80, hostPort: "8080"),
            PortBinding(containerPort: 443, hostIP: "127.0.0.1", hostPort: "8443-8444"),
            PortBinding(containerPort: 53, portProtocol: .udp, hostPort: "5353"),
        ])
        #expect(spec.exposedPorts == ["53/udp", "80/tcp", "443/tcp", "9000/tcp", "9001/tcp"])
        #expect(spec.networks.map(\.network) == ["shop_back", "shop_front"])
        #expect(spec.networks.map(\.aliases) == [["shop-web-1", "web", "www"], ["shop-web-1", "web"]])
        #expect(spec.networks.map(\.priority) == [10, 0])
        #expect(spec.logging == LoggingSpec(driver: "json-file", options: ["max-size": "10m"]))
        #expect(spec.labels["tier"] == "frontend")
        #expect(spec.labels["com.docker.compose.depends_on"] == "api:service_healthy:true")
    }

    @Test("--scale overrides scale, env files are labelled, image ids are labelled")
    func options() throws {
        let project = try DesiredFixture.build(
            Self.stack, environment: ["TLS_PEM": "x"], environmentFiles: ["/tmp/a.env", "/tmp/b.env"],
            options: DesiredStateOptions(scale: ["api": 1], imageIDs: ["db": "sha256:abc"])
        )
        #expect(project.service("api")?.containers.map(\.spec.name) == ["shop-api-1"])
        let db = try #require(project.service("db")?.containers.first?.spec.labels)
        #expect(db["com.docker.compose.project.environment_file"] == "/tmp/a.env,/tmp/b.env")
        #expect(db["com.docker.compose.image"] == "sha256:abc")
        #expect(project.service("api")?.containers.first?.spec.labels["com.docker.compose.image"] == nil)
    }

    @Test("a secret read from an unset environment variable is an error naming it")
    func missingSecretVariable() throws {
        #expect(throws: DesiredStateError(service: "api", "environment variable TLS_PEM required by secret tls is not set")) {
            try DesiredFixture.build(Self.stack)
        }
    }
}
