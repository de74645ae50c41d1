import EngineAPI
import Reconciler
import Testing

@Suite("Planner: convergence, creation, stopped containers and jobs")
struct PlannerConvergenceTests {
    typealias F = PlanFixture

    @Test("a converged project gives an empty plan")
    func converged() throws {
        let desired = F.project([F.service("db"), F.service("web", dependsOn: [F.dependency("db")])],
                                volumes: [F.volume("data")])
        let plan = try F.plan(desired, F.converged(desired))
        #expect(plan.isConverged)
        #expect(plan.operations.isEmpty)
        #expect(plan.warnings.isEmpty)
        #expect(plan.text() == "No changes: project demo is converged.\n")
    }

    @Test("twenty converged services plan no operation")
    func twentyServices() throws {
        let services = (1...20).map { index in
            F.service("svc\(index)", replicas: index % 3 + 1,
                      dependsOn: index > 1 ? [F.dependency("svc\(index - 1)", .healthy)] : [])
        }
        let desired = F.project(services, volumes: [F.volume("data")])
        var observed = F.converged(desired)
        observed.containers = observed.containers.map { container in
            var healthy = container
            healthy.health = .healthy
            return healthy
        }
        var options = PlanOptions()
        options.localImages = ["nginx:1.27": "sha256:old"]
        let plan = try F.plan(desired, observed, options)
        #expect(plan.isConverged)
        #expect(plan.text() == "No changes: project demo is converged.\n")
    }

    @Test("a fresh project creates networks and volumes first, then containers in dependency order")
    func fresh() throws {
        let desired = F.project([F.service("db", volumes: ["data"]), F.service("web", dependsOn: [F.dependency("db")])],
                                volumes: [F.volume("data")])
        let plan = try F.plan(desired, ObservedState())
        #expect(!plan.isConverged)
        #expect(plan.text() == """
            volume:data      create demo_data     missing
            network:default  create demo_default  missing
            service:db:1     create demo-db-1     missing
            service:db:1     start demo-db-1      missing
            service:web:1    create demo-web-1    missing
            service:web:1    start demo-web-1     missing

            """)
        #expect(plan.graph == """
            0: createVolume volume:data
            1: createNetwork network:default
            2: createContainer service:db:1 <- 0,1
            3: startContainer service:db:1 <- 2
            4: createContainer service:web:1 <- 1,3
            5: startContainer service:web:1 <- 4
            """)
    }

    @Test("a stopped container is started, not recreated")
    func stopped() throws {
        let desired = F.project([F.service("web")])
        var observed = F.converged(desired)
        observed.containers = [F.observed(desired.container("web"), state: .exited, exitCode: 137)]
        let plan = try F.plan(desired, observed)
        #expect(plan.text() == """
            service:web:1  start demo-web-1  exited with code 137

            """)
        guard case .startContainer(let ref) = plan.operations.first?.operation else {
            Issue.record("expected a start")
            return
        }
        #expect(ref == ContainerRef(id: "id-demo-web-1", name: "demo-web-1"))
    }

    @Test("created, paused and restarting containers", arguments: [
        (ObservedContainer.State.created, "service:web:1  start demo-web-1  created, not started\n"),
        (.paused, "service:web:1  unpause demo-web-1  paused\n"),
        (.restarting, "No changes: project demo is converged.\n"),
    ])
    func otherStates(state: ObservedContainer.State, expected: String) throws {
        let desired = F.project([F.service("web")])
        var observed = F.converged(desired)
        observed.containers = [F.observed(desired.container("web"), state: state)]
        #expect(try F.plan(desired, observed).text() == expected)
    }

    @Test("a dead container is removed and created again")
    func dead() throws {
        let desired = F.project([F.service("web")])
        var observed = F.converged(desired)
        observed.containers = [F.observed(desired.container("web"), state: .dead)]
        #expect(try F.plan(desired, observed).text() == """
            service:web:1  remove demo-web-1  dead
            service:web:1  create demo-web-1  dead
            service:web:1  start demo-web-1   dead

            """)
    }

    @Test("a job that exited 0 with the current spec is converged; a failed one runs again",
          arguments: [RestartPolicy.no, .onFailure(maxRetries: 3)])
    func jobs(policy: RestartPolicy) throws {
        let desired = F.project([F.service("migrate", restart: policy)])
        var observed = F.converged(desired)
        observed.containers = [F.observed(desired.container("migrate"), state: .exited, exitCode: 0)]
        #expect(try F.plan(desired, observed).isConverged)

        observed.containers = [F.observed(desired.container("migrate"), state: .exited, exitCode: 1)]
        #expect(try F.plan(desired, observed).text() == """
            service:migrate:1  start demo-migrate-1  exited with code 1

            """)
    }

    @Test("a service that restarts always is started again even after exit 0")
    func notAJob() throws {
        let desired = F.project([F.service("web", restart: .unlessStopped)])
        var observed = F.converged(desired)
        observed.containers = [F.observed(desired.container("web"), state: .exited, exitCode: 0)]
        #expect(try F.plan(desired, observed).text() == "service:web:1  start demo-web-1  exited with code 0\n")
    }

    @Test("a completed job whose spec changed is recreated and runs again")
    func jobChanged() throws {
        let old = F.project([F.service("migrate", environment: "v1", restart: .no)])
        let desired = F.project([F.service("migrate", environment: "v2", restart: .no)])
        var observed = F.converged(desired)
        observed.containers = [F.observed(old.container("migrate"), state: .exited, exitCode: 0)]
        F.expectText(try F.plan(desired, observed), """
            service:migrate:1  create demo-migrate-1-replacement                    environment changed
            service:migrate:1  remove demo-migrate-1                                environment changed
            service:migrate:1  rename demo-migrate-1-replacement to demo-migrate-1  environment changed
            service:migrate:1  start demo-migrate-1                                 environment changed

            """)
    }

    @Test("--no-start creates without starting")
    func noStart() throws {
        let desired = F.project([F.service("web")])
        var options = PlanOptions()
        options.noStart = true
        let plan = try F.plan(desired, ObservedState(), options)
        #expect(plan.text() == """
            network:default  create demo_default  missing
            service:web:1    create demo-web-1    missing

            """)
        var observed = F.converged(desired)
        observed.containers = [F.observed(desired.container("web"), state: .exited, exitCode: 0)]
        #expect(try F.plan(desired, observed, options).isConverged)
    }
}
