import EngineAPI
import Reconciler
import Testing

@Suite("Planner: dependency ordering, waits, restarts, images")
struct PlannerOrderingTests {
    typealias F = PlanFixture

    @Test("healthy and completed conditions add waits; creates follow dependency starts")
    func waits() throws {
        let desired = F.project([
            F.service("db"),
            F.service("migrate", restart: .no, dependsOn: [F.dependency("db", .healthy)]),
            F.service("web", dependsOn: [F.dependency("db", .healthy), F.dependency("migrate", .completedSuccessfully)]),
            F.service("static"),
        ])
        let plan = try F.plan(desired, ObservedState())
        F.expectText(plan, """
            network:default    create demo_default                        missing
            service:db:1       create demo-db-1                           missing
            service:db:1       start demo-db-1                            missing
            service:db         wait until db is healthy                   needed by migrate, web
            service:migrate:1  create demo-migrate-1                      missing
            service:migrate:1  start demo-migrate-1                       missing
            service:migrate    wait until migrate completed successfully  needed by web
            service:web:1      create demo-web-1                          missing
            service:web:1      start demo-web-1                           missing
            service:static:1   create demo-static-1                       missing
            service:static:1   start demo-static-1                        missing

            """)
        #expect(plan.graph == """
            0: createNetwork network:default
            1: createContainer service:db:1 <- 0
            2: startContainer service:db:1 <- 1
            3: waitFor service:db <- 2
            4: createContainer service:migrate:1 <- 0,2
            5: startContainer service:migrate:1 <- 3,4
            6: waitFor service:migrate <- 5
            7: createContainer service:web:1 <- 0,2,5
            8: startContainer service:web:1 <- 3,6,7
            9: createContainer service:static:1 <- 0
            10: startContainer service:static:1 <- 9
            """)
        guard case .waitFor(let service, let condition, let required) = plan.operations[3].operation else {
            Issue.record("expected a wait")
            return
        }
        #expect(service == "db" && condition == .healthy && required)
    }

    @Test("no wait when the dependency is untouched and already meets the condition")
    func satisfiedDependency() throws {
        let desired = F.project([
            F.service("db"),
            F.service("web", dependsOn: [F.dependency("db", .healthy)]),
        ])
        var observed = F.converged(desired)
        observed.containers.removeAll { $0.service == "web" }
        observed.containers[0].health = .healthy
        F.expectText(try F.plan(desired, observed), """
            service:web:1  create demo-web-1  missing
            service:web:1  start demo-web-1   missing

            """)
        observed.containers[0].health = .starting
        F.expectText(try F.plan(desired, observed), """
            service:db     wait until db is healthy  needed by web
            service:web:1  create demo-web-1         missing
            service:web:1  start demo-web-1          missing

            """)
    }

    @Test("a dependency recreated with restart: true stops its dependents first and starts them after")
    func restartDependents() throws {
        let before = F.project([
            F.service("db", environment: "old"),
            F.service("web", dependsOn: [F.dependency("db", restart: true)]),
            F.service("other", dependsOn: [F.dependency("db")]),
        ])
        let desired = F.project([
            F.service("db", environment: "new"),
            F.service("web", dependsOn: [F.dependency("db", restart: true)]),
            F.service("other", dependsOn: [F.dependency("db")]),
        ])
        let plan = try F.plan(desired, F.converged(before))
        F.expectText(plan, """
            service:web:1  stop demo-web-1                            dependency db recreated
            service:db:1   create demo-db-1-replacement               environment changed
            service:db:1   stop demo-db-1                             environment changed
            service:db:1   remove demo-db-1                           environment changed
            service:db:1   rename demo-db-1-replacement to demo-db-1  environment changed
            service:db:1   start demo-db-1                            environment changed
            service:web:1  start demo-web-1                           dependency db recreated

            """)
        #expect(plan.graph == """
            0: stopContainer service:web:1
            1: createContainer service:db:1
            2: stopContainer service:db:1 <- 0,1
            3: removeContainer service:db:1 <- 2
            4: renameContainer service:db:1 <- 3
            5: startContainer service:db:1 <- 4
            6: startContainer service:web:1 <- 0,5
            """)
    }

    @Test("a stopped dependent starts after its dependency's start")
    func stoppedDependent() throws {
        let desired = F.project([F.service("db"), F.service("web", dependsOn: [F.dependency("db")])])
        var observed = F.converged(desired)
        observed.containers = observed.containers.map { container in
            var stopped = container
            stopped.state = .exited
            stopped.exitCode = 0
            return stopped
        }
        #expect(try F.plan(desired, observed).graph == """
            0: startContainer service:db:1
            1: startContainer service:web:1 <- 0
            """)
    }

    @Test("missing images are pulled once per reference before the creates that need them")
    func pulls() throws {
        let desired = F.project([F.service("a"), F.service("b"), F.service("c", image: "redis:7")])
        var options = PlanOptions()
        options.localImages = ["redis:7": "sha256:redis"]
        let plan = try F.plan(desired, ObservedState(), options)
        F.expectText(plan, """
            image:nginx:1.27  pull nginx:1.27      image not present
            network:default   create demo_default  missing
            service:a:1       create demo-a-1      missing
            service:a:1       start demo-a-1       missing
            service:b:1       create demo-b-1      missing
            service:b:1       start demo-b-1       missing
            service:c:1       create demo-c-1      missing
            service:c:1       start demo-c-1       missing

            """)
        #expect(plan.operations[2].dependencies == [0, 1])
        #expect(plan.operations[4].dependencies == [0, 1])
        #expect(plan.operations[6].dependencies == [1])
        guard case .createContainer(let spec, _) = plan.operations[6].operation else {
            Issue.record("expected a create")
            return
        }
        #expect(spec.labels[OwnershipLabels.imageDigest] == "sha256:redis")
    }

    @Test("pull policies and --pull", arguments: [
        (DesiredService.PullPolicy.always, PlanOptions.PullOverride?.none, "image:nginx:1.27  pull nginx:1.27  pull policy always\n"),
        (.missing, .always, "image:nginx:1.27  pull nginx:1.27  pull policy always\n"),
        (.always, .never, "No changes: project demo is converged.\n"),
        (.missing, nil, "No changes: project demo is converged.\n"),
    ])
    func pullPolicies(policy: DesiredService.PullPolicy, override: PlanOptions.PullOverride?, expected: String) throws {
        var setup = PlanFixture.ServiceSetup(name: "web")
        setup.pullPolicy = policy
        let desired = F.project([F.service(setup)])
        var options = PlanOptions()
        options.pull = override
        options.localImages = ["nginx:1.27": "sha256:old"]
        F.expectText(try F.plan(desired, F.converged(desired), options), expected)
    }

    @Test("pull policy never with a missing image warns")
    func pullNever() throws {
        var setup = PlanFixture.ServiceSetup(name: "web")
        setup.pullPolicy = .never
        let desired = F.project([F.service(setup)])
        var options = PlanOptions()
        options.localImages = [:]
        let plan = try F.plan(desired, F.converged(desired).withoutContainers, options)
        #expect(plan.warnings == ["service:web: image nginx:1.27 is not present and the pull policy is never; "
            + "creating its containers will fail"])
    }

    @Test("services with a build section are built when missing or with --build")
    func builds() throws {
        var setup = PlanFixture.ServiceSetup(name: "app")
        setup.builds = true
        setup.image = "demo-app"
        let desired = F.project([F.service(setup)])
        var options = PlanOptions()
        options.localImages = [:]
        F.expectText(try F.plan(desired, ObservedState(), options), """
            image:demo-app   build for service app  image not present
            network:default  create demo_default    missing
            service:app:1    create demo-app-1      missing
            service:app:1    start demo-app-1       missing

            """)
        options.localImages = ["demo-app": "sha256:old"]
        #expect(try F.plan(desired, F.converged(desired), options).isConverged)
        // `build` (the builder's default for build-only services) builds instead of pulling, not every time.
        setup.pullPolicy = .build
        let buildPolicy = F.project([F.service(setup)])
        #expect(try F.plan(buildPolicy, F.converged(buildPolicy), options).isConverged)
        options.build = true
        F.expectText(try F.plan(desired, F.converged(desired), options), """
            image:demo-app  build for service app  build requested

            """)
    }
}

extension ObservedState {
    var withoutContainers: ObservedState {
        ObservedState(containers: [], networks: networks, volumes: volumes)
    }
}
