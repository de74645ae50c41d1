import EngineAPI
import Reconciler
import Testing

@Suite("Lifecycle plans (down, stop, start, restart, kill, pause, rm)")
struct LifecyclePlannerTests {
    /// db ← app ← web (web depends on app, app on db), all running, plus network and volume.
    static func stack() -> (DesiredProject, ObservedState) {
        let desired = PlanFixture.project([
            PlanFixture.service("db", volumes: ["data"]),
            PlanFixture.service("app", dependsOn: [PlanFixture.dependency("db")]),
            PlanFixture.service("web", dependsOn: [PlanFixture.dependency("app")]),
        ], volumes: [PlanFixture.volume("data")])
        return (desired, PlanFixture.converged(desired))
    }

    @Test("down stops dependents first, removes each container after its stop, then the network")
    func downOrder() {
        let (desired, observed) = Self.stack()
        let plan = LifecyclePlanner.down(observed: observed, scope: LifecycleScope(desired: desired),
                                         options: LifecyclePlanner.DownOptions())
        PlanFixture.expectText(plan, """
            service:web:1    stop demo-web-1      compose down
            service:web:1    remove demo-web-1    compose down
            service:app:1    stop demo-app-1      compose down
            service:app:1    remove demo-app-1    compose down
            service:db:1     stop demo-db-1       compose down
            service:db:1     remove demo-db-1     compose down
            network:default  remove demo_default  compose down

            """)
        #expect(plan.operations[2].dependencies == [0])
        #expect(plan.operations[4].dependencies == [2])
        #expect(plan.operations[6].dependencies == [1, 3, 5])
    }

    @Test("down -v also removes the project's named volumes and anonymous ones with the containers")
    func downVolumes() {
        let (desired, observed) = Self.stack()
        var options = LifecyclePlanner.DownOptions()
        options.removeVolumes = true
        options.images = ["nginx:1.27"]
        let plan = LifecyclePlanner.down(observed: observed, scope: LifecycleScope(desired: desired), options: options)
        let kinds = plan.operations.map { "\($0.resource) \($0.operation.kind)" }
        #expect(kinds.suffix(3) == ["network:default removeNetwork", "volume:data removeVolume", "image:nginx:1.27 removeImage"])
        let removes = plan.operations.compactMap { operation -> Bool? in
            if case .removeContainer(_, let volumes, let force) = operation.operation { volumes && force } else { nil }
        }
        #expect(removes == [true, true, true])
    }

    @Test("down from labels alone removes every container and network of the project, and nothing of another")
    func downWithoutFile() {
        let (_, observed) = Self.stack()
        var mixed = observed
        mixed.containers.append(ObservedContainer(id: "other", name: "/other-web-1", image: "x",
                                                  labels: [OwnershipLabels.project: "other", OwnershipLabels.service: "web"],
                                                  state: .running))
        let plan = LifecyclePlanner.down(observed: mixed, scope: LifecycleScope(project: "demo"),
                                         options: LifecyclePlanner.DownOptions())
        #expect(plan.operations.count == 7)
        #expect(!plan.operations.contains { $0.operation.summary.contains("other") })
    }

    @Test("down keeps orphans with a warning unless --remove-orphans, and then the network they use too")
    func downOrphans() {
        let (desired, observed) = Self.stack()
        var withOrphan = observed
        withOrphan.containers.append(ObservedContainer(id: "old", name: "/demo-old-1", image: "x",
                                                       labels: [OwnershipLabels.project: "demo", OwnershipLabels.service: "old",
                                                                OwnershipLabels.containerNumber: "1"],
                                                       state: .exited, exitCode: 0))
        withOrphan.networks[0].containers = ["old"]
        let scope = LifecycleScope(desired: desired)
        let kept = LifecyclePlanner.down(observed: withOrphan, scope: scope, options: LifecyclePlanner.DownOptions())
        #expect(!kept.operations.contains { $0.operation.summary == "remove demo-old-1" })
        #expect(!kept.operations.contains { $0.operation.kind == "removeNetwork" })
        #expect(kept.warnings.first?.hasPrefix("Found orphan containers ([demo-old-1]) for this project.") == true)

        var options = LifecyclePlanner.DownOptions()
        options.removeOrphans = true
        let removed = LifecyclePlanner.down(observed: withOrphan, scope: scope, options: options)
        #expect(removed.operations.contains { $0.operation.summary == "remove demo-old-1" })
        #expect(removed.operations.contains { $0.operation.kind == "removeNetwork" })
        #expect(removed.warnings.isEmpty)
    }

    @Test("stop takes only active containers, dependents first; start takes stopped ones, dependencies first")
    func stopAndStart() {
        let (desired, observed) = Self.stack()
        var mixed = observed
        mixed.containers[0].state = .exited  // db
        let scope = LifecycleScope(desired: desired)
        let stop = LifecyclePlanner.stop(observed: mixed, scope: scope, timeout: 3)
        #expect(stop.operations.map(\.operation.summary) == ["stop demo-web-1 (timeout 3s)", "stop demo-app-1 (timeout 3s)"])
        #expect(stop.operations[1].dependencies == [0])

        var stopped = observed
        for index in stopped.containers.indices { stopped.containers[index].state = .exited }
        let start = LifecyclePlanner.start(observed: stopped, scope: scope)
        #expect(start.operations.map(\.operation.summary) == ["start demo-db-1", "start demo-app-1", "start demo-web-1"])
        #expect(start.operations.map(\.dependencies) == [[], [0], [1]])
    }

    @Test("restart stops and starts running containers in dependency order; selected services only")
    func restart() {
        let (desired, observed) = Self.stack()
        let plan = LifecyclePlanner.restart(observed: observed, scope: LifecycleScope(desired: desired, selected: ["app"]),
                                            timeout: nil)
        #expect(plan.operations.map(\.operation.summary) == ["stop demo-app-1", "start demo-app-1"])
        #expect(plan.operations[1].dependencies == [0])
    }

    @Test("kill, pause and unpause act only on containers in the right state")
    func killPause() {
        let (desired, observed) = Self.stack()
        var mixed = observed
        mixed.containers[1].state = .paused  // app
        let scope = LifecycleScope(desired: desired)
        #expect(LifecyclePlanner.kill(observed: mixed, scope: scope, signal: "SIGTERM").operations.map(\.operation.summary)
            == ["kill demo-db-1 with SIGTERM", "kill demo-web-1 with SIGTERM"])
        #expect(LifecyclePlanner.pause(observed: mixed, scope: scope).operations.map(\.operation.summary)
            == ["pause demo-db-1", "pause demo-web-1"])
        #expect(LifecyclePlanner.unpause(observed: mixed, scope: scope).operations.map(\.operation.summary)
            == ["unpause demo-app-1"])
    }

    @Test("rm removes stopped containers; -s stops running ones first")
    func remove() {
        let (desired, observed) = Self.stack()
        var mixed = observed
        mixed.containers[0].state = .exited
        let scope = LifecycleScope(desired: desired)
        let plain = LifecyclePlanner.remove(observed: mixed, scope: scope, stop: false, removeVolumes: false)
        #expect(plain.operations.map(\.operation.summary) == ["remove demo-db-1"])
        let stopping = LifecyclePlanner.remove(observed: mixed, scope: scope, stop: true, removeVolumes: true)
        #expect(stopping.operations.count == 5)
        #expect(stopping.operations.filter { $0.operation.kind == "stopContainer" }.count == 2)
    }

    @Test("one-off containers are left alone by stop but removed by down")
    func oneOff() {
        let (desired, observed) = Self.stack()
        var withRun = observed
        withRun.containers.append(ObservedContainer(id: "run", name: "/demo-web-run-1a2b", image: "x",
                                                    labels: [OwnershipLabels.project: "demo", OwnershipLabels.service: "web",
                                                             OwnershipLabels.oneoff: "True"],
                                                    state: .running))
        let scope = LifecycleScope(desired: desired)
        #expect(!LifecyclePlanner.stop(observed: withRun, scope: scope, timeout: nil).operations
            .contains { $0.operation.summary.contains("run-1a2b") })
        #expect(LifecyclePlanner.down(observed: withRun, scope: scope, options: LifecyclePlanner.DownOptions()).operations
            .contains { $0.operation.summary == "remove demo-web-run-1a2b" })
    }
}
