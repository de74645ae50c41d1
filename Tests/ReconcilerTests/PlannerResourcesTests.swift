import EngineAPI
import Reconciler
import Testing

@Suite("Planner: networks and volumes")
struct PlannerResourcesTests {
    typealias F = PlanFixture

    @Test("a drifted network is recreated: disconnect, remove, create, reconnect, containers kept")
    func networkDrift() throws {
        var backend = F.network("backend")
        backend.spec.isInternal = true
        backend.spec.ipam = IPAMSpec(pools: [IPAMSpec.Pool(subnet: "10.5.0.0/24")])
        var web = PlanFixture.ServiceSetup(name: "web")
        web.networks = ["default", "backend"]
        var db = PlanFixture.ServiceSetup(name: "db")
        db.networks = ["backend"]
        let desired = F.project([F.service(db), F.service(web)], networks: [F.network("default"), backend])
        var observed = F.converged(desired)
        observed.networks[1].isInternal = false
        observed.networks[1].subnets = ["172.20.0.0/16"]
        observed.networks[1].containers = ["id-demo-db-1"]
        observed.containers[1].state = .exited
        observed.containers[1].exitCode = 0
        let plan = try F.plan(desired, observed)
        F.expectText(plan, """
            service:db:1     disconnect demo-db-1 from demo_backend   network backend recreated
            service:web:1    disconnect demo-web-1 from demo_backend  network backend recreated
            network:backend  remove demo_backend                      drift: internal false → true, subnets 172.20.0.0/16 → 10.5.0.0/24
            network:backend  create demo_backend                      drift: internal false → true, subnets 172.20.0.0/16 → 10.5.0.0/24
            service:db:1     connect demo-db-1 to demo_backend        network backend recreated
            service:web:1    connect demo-web-1 to demo_backend       network backend recreated
            service:web:1    start demo-web-1                         exited with code 0

            """)
        #expect(plan.graph == """
            0: disconnectNetwork service:db:1
            1: disconnectNetwork service:web:1
            2: removeNetwork network:backend <- 0,1
            3: createNetwork network:backend <- 2
            4: connectNetwork service:db:1 <- 3
            5: connectNetwork service:web:1 <- 3
            6: startContainer service:web:1 <- 5
            """)
        guard case .connectNetwork(_, let attachment) = plan.operations[5].operation else {
            Issue.record("expected a connect")
            return
        }
        #expect(attachment.aliases == ["web"])
    }

    @Test("a drifted network used by a container outside the project is left with a warning")
    func networkDriftForeignContainer() throws {
        var backend = F.network("default")
        backend.spec.driver = "macvlan"
        let desired = F.project([F.service("web")], networks: [backend])
        var observed = F.converged(desired)
        observed.networks[0].driver = "bridge"
        observed.networks[0].containers = ["id-demo-web-1", "0123456789abcdef"]
        let plan = try F.plan(desired, observed)
        #expect(plan.isConverged)
        #expect(plan.warnings == ["network:default: network demo_default differs from the compose file "
            + "(driver bridge → macvlan) but containers outside the project use it (0123456789ab); it is not recreated"])
    }

    @Test("a drifted network with a recreated container: the replacement is created on the new network")
    func networkDriftWithRecreate() throws {
        var net = F.network("default")
        net.spec.enableIPv6 = true
        let before = F.project([F.service("web", environment: "old")], networks: [net])
        let desired = F.project([F.service("web")], networks: [net])
        var observed = F.converged(before)
        observed.networks[0].enableIPv6 = false
        #expect(try F.plan(desired, observed).graph == """
            0: disconnectNetwork service:web:1
            1: removeNetwork network:default <- 0
            2: createNetwork network:default <- 1
            3: createContainer service:web:1 <- 2
            4: stopContainer service:web:1 <- 3
            5: removeContainer service:web:1 <- 4
            6: renameContainer service:web:1 <- 5
            7: startContainer service:web:1 <- 6
            """)
    }

    @Test("a network or volume of another owner with the needed name is used as it is, with a warning")
    func notOurs() throws {
        let desired = F.project([F.service("web", volumes: ["data"])], volumes: [F.volume("data")])
        var observed = F.converged(desired)
        observed.networks[0].labels = [:]
        observed.networks[0].driver = "overlay"
        observed.volumes[0].labels = [OwnershipLabels.project: "other"]
        let plan = try F.plan(desired, observed)
        #expect(plan.isConverged)
        #expect(plan.warnings == [
            "a volume named demo_data already exists but was created for project other (expected demo); it is used "
                + "as it is: set `external: true` to use an existing volume",
            "a network named demo_default already exists but was not created by compose; it is used as it is: set "
                + "`external: true` to use an existing network",
        ])
    }

    @Test("a network of the project labelled for another key fails the plan")
    func networkLabelMismatch() throws {
        let desired = F.project([F.service("web")])
        var observed = F.converged(desired)
        observed.networks[0].labels[OwnershipLabels.network] = "front"
        let expected = PlanError(problems: [.networkLabelMismatch(key: "default", name: "demo_default", found: "front")])
        #expect(throws: expected) {
            try Planner.plan(desired: desired, observed: observed, options: PlanOptions())
        }
        #expect(expected.description == "network:default: network demo_default was found but has incorrect label "
            + "com.docker.compose.network set to \"front\" (expected: \"default\")")
    }

    @Test("external networks and volumes are never created; missing ones fail the plan")
    func external() throws {
        let desired = F.project([F.service("web")], networks: [F.network("default"), F.network("shared", external: true)],
                                volumes: [F.volume("cache", external: true)])
        var observed = F.converged(desired)
        let expected = PlanError(problems: [.externalVolumeMissing(key: "cache", name: "demo_cache"),
                                            .externalNetworkMissing(key: "shared", name: "demo_shared")])
        #expect(throws: expected) {
            try Planner.plan(desired: desired, observed: observed, options: PlanOptions())
        }
        #expect(expected.description == """
            volume:cache: external volume demo_cache not found
            network:shared: network demo_shared declared as external, but could not be found
            """)
        var options = PlanOptions()
        options.checkExternalResources = false
        #expect(try F.plan(desired, observed, options).isConverged)

        observed.networks.append(ObservedNetwork(id: "n", name: "demo_shared", driver: "bridge", labels: [:]))
        observed.volumes.append(ObservedVolume(name: "demo_cache", driver: "local", labels: [:]))
        #expect(try F.plan(desired, observed).isConverged)
    }

    @Test("a drifted volume is kept with a warning unless recreation is confirmed")
    func volumeDrift() throws {
        var data = F.volume("data")
        data.spec.driver = "nfs"
        let desired = F.project([F.service("db", volumes: ["data"]), F.service("web")], volumes: [data])
        var observed = F.converged(desired)
        observed.volumes[0].driver = "local"
        let kept = try F.plan(desired, observed)
        #expect(kept.isConverged)
        #expect(kept.warnings == ["volume:data: volume demo_data differs from the compose file (driver local → nfs); "
            + "it is kept: recreating it loses its data, confirm with -y"])

        var options = PlanOptions()
        options.confirmVolumeRecreate = true
        let plan = try F.plan(desired, observed, options)
        F.expectText(plan, """
            service:db:1  stop demo-db-1    volume data recreated
            service:db:1  remove demo-db-1  volume data recreated
            volume:data   remove demo_data  drift: driver local → nfs
            volume:data   create demo_data  drift: driver local → nfs
            service:db:1  create demo-db-1  volume data recreated
            service:db:1  start demo-db-1   volume data recreated

            """)
        #expect(plan.operations[4].dependencies == [3])
    }

    @Test("volume config-hash labels are compared when both sides carry one")
    func volumeHash() throws {
        var data = F.volume("data")
        data.spec.labels[OwnershipLabels.configHash] = "new"
        let desired = F.project([F.service("web")], volumes: [data])
        var observed = F.converged(desired)
        observed.volumes[0].labels[OwnershipLabels.configHash] = nil
        #expect(try F.plan(desired, observed).warnings.isEmpty)
        observed.volumes[0].labels[OwnershipLabels.configHash] = "old"
        #expect(try F.plan(desired, observed).warnings.first?.contains("(configuration changed)") == true)
    }
}

@Suite("Planner: network attachments of kept containers")
struct PlannerAttachmentTests {
    typealias F = PlanFixture

    @Test("a running container disconnected from one of its networks is connected again, not recreated")
    func reconnect() throws {
        var setup = PlanFixture.ServiceSetup(name: "web")
        setup.networks = ["default", "back"]
        let desired = F.project([F.service(setup)], networks: [F.network("default"), F.network("back")])
        var observed = F.converged(desired)
        observed.containers[0].networks = ["demo_default"]
        let plan = try F.plan(desired, observed)
        F.expectText(plan, """
            service:web:1  connect demo-web-1 to demo_back  not connected to demo_back

            """)
        // A stopped container is started as it is (the engine restores its endpoints), and an engine that
        // reports no network at all is not second-guessed.
        observed.containers[0].state = .exited
        observed.containers[0].exitCode = 0
        F.expectText(try F.plan(desired, observed), "service:web:1  start demo-web-1  exited with code 0\n")
        observed.containers[0].state = .running
        observed.containers[0].networks = []
        #expect(try F.plan(desired, observed).isConverged)
    }
}
