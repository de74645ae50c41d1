import EngineAPI
import Reconciler
import Testing

@Suite("Desired state: namespaces, links, configs and edge cases")
struct DesiredServiceModesTests {
    @Test("service: namespaces point at the first container of that service; volumes_from likewise")
    func sharedNamespaces() throws {
        let project = try DesiredFixture.build("""
        name: ns
        services:
          base:
            image: busybox
            container_name: the-base
          sidecar:
            image: busybox
            network_mode: service:base
            pid: service:base
            ipc: host
            security_opt: ["seccomp=./profile.json", "seccomp:unconfined", "no-new-privileges"]
            volumes_from: ["base:ro", "container:other"]
          plain:
            image: busybox
            network_mode: host
        """)
        let sidecar = try #require(project.service("sidecar")?.containers.first?.spec)
        #expect(sidecar.networkMode == "container:the-base")
        #expect(sidecar.pidMode == "container:the-base")
        #expect(sidecar.ipcMode == "host")
        #expect(sidecar.securityOptions == ["seccomp=/tmp/swift-compose-desired-fixture/profile.json", "seccomp:unconfined", "no-new-privileges"])
        #expect(sidecar.networks == [])
        #expect(sidecar.volumesFrom == ["the-base:ro", "other"])
        #expect(project.service("sidecar")?.dependencies.map(\.restart) == [true])
        #expect(project.service("plain")?.containers.first?.spec.networkMode == "host")
        #expect(project.service("base")?.containers.first?.spec.name == "the-base")
    }

    @Test("legacy links name every container of the linked service, as docker compose writes them")
    func links() throws {
        let project = try DesiredFixture.build("""
        name: l
        services:
          db:
            image: postgres
            scale: 2
          app:
            image: busybox
            links: ["db:database"]
            external_links: ["redis-1:cache"]
        """)
        let app = try #require(project.service("app")?.containers.first?.spec)
        #expect(app.networks.first?.links == [
            "l-db-1:database", "l-db-1:db-1", "l-db-1:l-db-1",
            "l-db-2:database", "l-db-2:db-1", "l-db-2:l-db-1",
            "redis-1:cache",
        ])
    }

    @Test("configs: files are bind-mounted at /<name>, inline content is injected with its mode")
    func configs() throws {
        let project = try DesiredFixture.build("""
        name: c
        services:
          app:
            image: busybox
            configs:
              - plain
              - source: inline
                target: /etc/app.conf
                mode: 0440
        configs:
          plain: {file: ./plain.txt}
          inline: {content: "key=value"}
        """)
        let app = try #require(project.service("app")?.containers.first?.spec)
        #expect(app.mounts == [MountSpec(kind: .bind, source: "/tmp/swift-compose-desired-fixture/plain.txt", target: "/plain", readOnly: true)])
        #expect(app.injectedFiles == [InjectedFile(target: "/etc/app.conf", source: .content("key=value"), mode: 0o440)])
    }

    @Test("external secrets and unmapped attributes are reported, not dropped silently")
    func warnings() throws {
        let project = try DesiredFixture.build("""
        name: w
        services:
          app:
            image: busybox
            secrets: [vault]
            cpu_period: 100000
        secrets:
          vault: {external: true}
        """)
        #expect(project.warnings == [
            "service app: external secret vault is only supported by swarm; not mounted",
            "service app: not applied by this engine interface: cpu_period",
        ])
        #expect(project.service("app")?.containers.first?.spec.mounts == [])
    }

    @Test("deploy.restart_policy wins over restart; legacy mem_limit and cpus apply without deploy")
    func restartAndResources() throws {
        let project = try DesiredFixture.build("""
        name: r
        services:
          a:
            image: busybox
            restart: always
            deploy:
              restart_policy: {condition: on-failure, max_attempts: 2}
          b:
            image: busybox
            mem_limit: 1g
            cpus: 1.5
            shm_size: 64m
            pids_limit: 100
        """)
        #expect(project.service("a")?.containers.first?.spec.restartPolicy == .onFailure(maxRetries: 2))
        let resources = try #require(project.service("b")?.containers.first?.spec.resources)
        #expect(resources.memoryBytes == 1_073_741_824)
        #expect(resources.nanoCPUs == 1_500_000_000)
        #expect(resources.shmSizeBytes == 67_108_864)
        #expect(resources.pidsLimit == 100)
    }

    @Test("external networks and volumes are flagged and keep only their names")
    func externals() throws {
        let project = try DesiredFixture.build("""
        name: e
        services:
          app:
            image: busybox
            networks: [outside]
            volumes: [shared:/data]
        networks:
          outside: {external: true, name: corp-net}
        volumes:
          shared: {external: true}
        """)
        #expect(project.networks == [DesiredNetwork(key: "outside", spec: NetworkSpec(name: "corp-net"), external: true)])
        #expect(project.volumes == [DesiredVolume(key: "shared", spec: VolumeSpec(name: "shared"), external: true)])
        let app = try #require(project.service("app")?.containers.first?.spec)
        #expect(app.networks.map(\.network) == ["corp-net"])
        #expect(app.mounts == [MountSpec(kind: .volume, source: "shared", target: "/data")])
    }

    @Test("ties in dependency order go by name; scale 0 gives no containers")
    func orderAndZeroScale() throws {
        let project = try DesiredFixture.build("""
        name: o
        services:
          zeta: {image: busybox, depends_on: [alpha]}
          beta: {image: busybox, depends_on: [alpha]}
          alpha: {image: busybox}
          gamma: {image: busybox, scale: 0}
        """)
        #expect(project.services.map(\.name) == ["alpha", "beta", "gamma", "zeta"])
        #expect(project.service("gamma")?.containers == [])
    }

    @Test("a provider service gets no container and a warning; a disabled healthcheck is NONE")
    func providerAndDisabledHealthcheck() throws {
        let project = try DesiredFixture.build("""
        name: p
        services:
          db:
            provider:
              type: awesomecloud
          app:
            image: busybox
            healthcheck: {disable: true}
        """)
        #expect(project.service("db")?.containers == [])
        #expect(project.service("db")?.replicas == 0)
        #expect(project.warnings == ["service db: provider services are not supported; no container is created"])
        #expect(project.service("app")?.containers.first?.spec.healthcheck == HealthcheckSpec(test: ["NONE"]))
    }

    @Test("an emptied command differs from an unset one in the command digest")
    func clearedCommand() throws {
        let unset = try DesiredFixture.build("name: x\nservices:\n  a: {image: busybox}\n")
        let cleared = try DesiredFixture.build("name: x\nservices:\n  a: {image: busybox, command: []}\n")
        let before = try #require(unset.service("a")?.containers.first)
        let after = try #require(cleared.service("a")?.containers.first)
        #expect(after.spec.command == [])
        #expect(before.digests.groups["command"] != after.digests.groups["command"])
        #expect(before.digests.groups["image"] == after.digests.groups["image"])
    }
}
