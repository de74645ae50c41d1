import EngineAPI
import Reconciler
import Testing

@Suite("Planner: scale, orphans, duplicates, service selection")
struct PlannerScaleTests {
    typealias F = PlanFixture

    @Test("scaling 3 → 1 removes the highest numbers first")
    func scaleDown() throws {
        let before = F.project([F.service("web", replicas: 3)])
        let desired = F.project([F.service("web", replicas: 1)])
        let plan = try F.plan(desired, F.converged(before))
        F.expectText(plan, """
            service:web:3  stop demo-web-3    scaled down
            service:web:3  remove demo-web-3  scaled down
            service:web:2  stop demo-web-2    scaled down
            service:web:2  remove demo-web-2  scaled down

            """)
    }

    @Test("scaling 1 → 3 creates the next numbers, in parallel")
    func scaleUp() throws {
        let before = F.project([F.service("web", replicas: 1)])
        let desired = F.project([F.service("web", replicas: 3)])
        let plan = try F.plan(desired, F.converged(before))
        F.expectText(plan, """
            service:web:2  create demo-web-2  missing
            service:web:2  start demo-web-2   missing
            service:web:3  create demo-web-3  missing
            service:web:3  start demo-web-3   missing

            """)
        #expect(plan.graph == """
            0: createContainer service:web:2
            1: startContainer service:web:2 <- 0
            2: createContainer service:web:3
            3: startContainer service:web:3 <- 2
            """)
    }

    @Test("a gap in the numbers is filled")
    func gap() throws {
        let desired = F.project([F.service("web", replicas: 3)])
        var observed = F.converged(desired)
        observed.containers.removeAll { $0.number == 2 }
        F.expectText(try F.plan(desired, observed), """
            service:web:2  create demo-web-2  missing
            service:web:2  start demo-web-2   missing

            """)
    }

    @Test("orphans are listed in a warning, or removed with --remove-orphans")
    func orphans() throws {
        let before = F.project([F.service("web"), F.service("old", replicas: 2)])
        let desired = F.project([F.service("web")])
        var observed = F.converged(before)
        observed.containers[2].state = .exited
        let kept = try F.plan(desired, observed)
        #expect(kept.isConverged)
        F.expectText(kept, """
            No changes: project demo is converged.
            warning: Found orphan containers ([demo-old-1, demo-old-2]) for this project. If you removed or renamed \
            this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.

            """)

        var options = PlanOptions()
        options.removeOrphans = true
        F.expectText(try F.plan(desired, observed, options), """
            service:old:1  stop demo-old-1    orphan (service not in the project)
            service:old:1  remove demo-old-1  orphan (service not in the project)
            service:old:2  remove demo-old-2  orphan (service not in the project)

            """)
    }

    @Test("finished one-off containers are orphans; running ones and other projects' are left alone")
    func oneOffs() throws {
        let desired = F.project([F.service("web")])
        var observed = F.converged(desired)
        let labels = [OwnershipLabels.project: "demo", OwnershipLabels.service: "web", OwnershipLabels.oneoff: "True"]
        observed.containers += [
            ObservedContainer(id: "run1", name: "/demo-web-run-1", image: "nginx", labels: labels, state: .exited),
            ObservedContainer(id: "run2", name: "/demo-web-run-2", image: "nginx", labels: labels, state: .running),
            ObservedContainer(id: "x", name: "/other-web-1", image: "nginx",
                              labels: [OwnershipLabels.project: "other", OwnershipLabels.service: "web"], state: .exited),
        ]
        var options = PlanOptions()
        options.removeOrphans = true
        F.expectText(try F.plan(desired, observed, options), """
            service:web  remove demo-web-run-1  orphan (service not in the project)

            """)
    }

    @Test("a second container claiming the same replica is removed as a duplicate")
    func duplicate() throws {
        let desired = F.project([F.service("web")])
        var observed = F.converged(desired)
        observed.containers.append(F.observed(desired.container("web"), name: "demo_web_1", created: 0))
        F.expectText(try F.plan(desired, observed), """
            service:web:1  stop demo_web_1    duplicate replica
            service:web:1  remove demo_web_1  duplicate replica

            """)
    }

    @Test("a replica under another name (compose v1 style) is adopted, not recreated")
    func adoptedByLabels() throws {
        let desired = F.project([F.service("web")])
        var observed = F.converged(desired)
        observed.containers = [F.observed(desired.container("web"), name: "demo_web_1")]
        #expect(try F.plan(desired, observed).isConverged)
    }

    @Test("named services plan only themselves and their dependencies; --no-deps only themselves")
    func selection() throws {
        let desired = F.project([
            F.service("db"), F.service("cache"),
            F.service("web", dependsOn: [F.dependency("db")]),
        ])
        var options = PlanOptions()
        options.services = ["web"]
        F.expectText(try F.plan(desired, ObservedState(), options), """
            network:default  create demo_default  missing
            service:db:1     create demo-db-1     missing
            service:db:1     start demo-db-1      missing
            service:web:1    create demo-web-1    missing
            service:web:1    start demo-web-1     missing

            """)
        options.noDeps = true
        F.expectText(try F.plan(desired, ObservedState(), options), """
            network:default  create demo_default  missing
            service:web:1    create demo-web-1    missing
            service:web:1    start demo-web-1     missing

            """)
        options.services = ["web", "nope"]
        #expect(throws: PlanError(problems: [.unknownService("nope")])) {
            try Planner.plan(desired: desired, observed: ObservedState(), options: options)
        }
    }

    @Test("--force-recreate applies to named services, --always-recreate-deps to their dependencies")
    func recreateDependencies() throws {
        let desired = F.project([F.service("db"), F.service("web", dependsOn: [F.dependency("db")])])
        var options = PlanOptions()
        options.services = ["web"]
        options.forceRecreate = true
        let plan = try F.plan(desired, F.converged(desired), options)
        #expect(Set(plan.operations.map(\.resource.name)) == ["web"])
        options.alwaysRecreateDeps = true
        let both = try F.plan(desired, F.converged(desired), options)
        #expect(Set(both.operations.map(\.resource.name)) == ["db", "web"])
    }
}

@Suite("Planner: resources of selected services, collected errors")
struct PlannerSelectionResourceTests {
    typealias F = PlanFixture

    @Test("with named services only the networks and volumes they use are created")
    func selectedResources() throws {
        var a = PlanFixture.ServiceSetup(name: "a")
        a.volumes = ["data"]
        a.networks = ["back"]
        let desired = F.project([F.service(a), F.service("b")], networks: [F.network("default"), F.network("back")],
                                volumes: [F.volume("data")])
        var options = PlanOptions()
        options.services = ["b"]
        F.expectText(try F.plan(desired, ObservedState(), options), """
            network:default  create demo_default  missing
            service:b:1      create demo-b-1      missing
            service:b:1      start demo-b-1       missing

            """)
    }

    @Test("every problem is reported at once")
    func collectedProblems() throws {
        let desired = F.project([F.service("web")], networks: [F.network("default"), F.network("ext", external: true)])
        let stranger = ObservedContainer(id: "abc", name: "/demo-web-1", image: "x", labels: [:], state: .exited)
        let observed = ObservedState(containers: [stranger], networks: [F.observed(F.network("default"))])
        #expect(throws: PlanError(problems: [
            .externalNetworkMissing(key: "ext", name: "demo_ext"),
            .foreignNameHolder(resource: .container(service: "web", number: 1), name: "demo-web-1",
                               containerID: "abc", owner: nil),
        ])) {
            try Planner.plan(desired: desired, observed: observed)
        }
    }
}
