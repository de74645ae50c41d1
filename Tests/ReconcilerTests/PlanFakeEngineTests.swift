import ComposeTestSupport
import EngineAPI
import Reconciler
import Testing

/// Plans applied to the in-memory engine, one operation after another: the plans must be executable as they
/// are, and the next plan must be empty. (The real executor, with parallelism and waits, lives elsewhere;
/// this applier only checks that each operation is one valid engine call in a valid order.)
@Suite("Plans applied to the FakeEngine")
struct PlanFakeEngineTests {
    typealias F = PlanFixture

    static func apply(_ operations: ArraySlice<PlannedOperation>, to engine: FakeEngine) async throws {
        for planned in operations {
            switch planned.operation {
            case .createNetwork(let spec): _ = try await engine.createNetwork(spec)
            case .removeNetwork(let name): try await engine.removeNetwork(name)
            case .connectNetwork(let container, let attachment):
                try await engine.connect(container: container.engineReference, to: attachment)
            case .disconnectNetwork(let container, let network):
                try await engine.disconnect(container: container.engineReference, from: network)
            case .createVolume(let spec): try await engine.createVolume(spec)
            case .removeVolume(let name): try await engine.removeVolume(name)
            case .pullImage(let reference): try await engine.pullImage(reference)
            case .pushImage(let reference): try await engine.pushImage(reference)
            case .buildImage(_, let image): await engine.addImage(image)
            case .createContainer(let spec, _): _ = try await engine.createContainer(spec)
            case .startContainer(let container): try await engine.startContainer(container.engineReference)
            case .stopContainer(let container, let timeout):
                try await engine.stopContainer(container.engineReference, timeout: timeout)
            case .removeContainer(let container, let removeVolumes, let force):
                try await engine.removeContainer(container.engineReference, force: force, removeVolumes: removeVolumes)
            case .renameContainer(let from, let to): try await engine.renameContainer(from.engineReference, to: to)
            case .unpauseContainer(let container): try await engine.unpauseContainer(container.engineReference)
            case .pauseContainer(let container): try await engine.pauseContainer(container.engineReference)
            case .killContainer(let container, let signal):
                try await engine.killContainer(container.engineReference, signal: signal)
            case .removeImage(let reference): try await engine.removeImage(reference, force: false)
            case .waitFor: break
            }
        }
    }

    static let stack = """
        name: demo
        services:
          db:
            image: postgres:16
            volumes: [data:/var/lib/postgresql/data]
          web:
            image: nginx:1.27
            environment: {MODE: MODE_VALUE}
            depends_on: [db]
            deploy: {replicas: 2}
            ports: ["8080-8081:80"]
          job:
            image: busybox
            restart: "no"
        volumes:
          data: {}
        """

    static func engine() async -> FakeEngine {
        let engine = FakeEngine()
        for image in ["postgres:16", "nginx:1.27", "busybox"] { await engine.addImage(image) }
        return engine
    }

    @Test("up, no-op, one change, a recreate killed half-way: every plan applies and the next one is empty")
    func lifecycle() async throws {
        let engine = await Self.engine()
        let first = try DesiredFixture.build(Self.stack.replacingOccurrences(of: "MODE_VALUE", with: "one"))
        let fresh = try F.plan(first, try await engine.observe(project: "demo"))
        #expect(fresh.operations.count == 10)
        try await Self.apply(fresh.operations[...], to: engine)
        try await engine.simulateExit("demo-job-1", code: 0)
        #expect(try F.plan(first, try await engine.observe(project: "demo")).isConverged)

        let second = try DesiredFixture.build(Self.stack.replacingOccurrences(of: "MODE_VALUE", with: "two"))
        let change = try F.plan(second, try await engine.observe(project: "demo"))
        #expect(Set(change.operations.map(\.resource)) == [.container(service: "web", number: 1),
                                                           .container(service: "web", number: 2)])
        #expect(change.operations.allSatisfy { $0.cause == .configChanged(fields: ["environment"]) })
        // Killed after the first replica's replacement was created and the old one stopped.
        try await Self.apply(change.operations.prefix(2), to: engine)
        let recovery = try F.plan(second, try await engine.observe(project: "demo"))
        F.expectText(recovery, """
            service:web:1  remove demo-web-1                            finish interrupted recreate
            service:web:1  rename demo-web-1-replacement to demo-web-1  finish interrupted recreate
            service:web:1  start demo-web-1                             finish interrupted recreate
            service:web:2  create demo-web-2-replacement                environment changed
            service:web:2  stop demo-web-2                              environment changed
            service:web:2  remove demo-web-2                            environment changed
            service:web:2  rename demo-web-2-replacement to demo-web-2  environment changed
            service:web:2  start demo-web-2                             environment changed

            """)
        try await Self.apply(recovery.operations[...], to: engine)
        let observed = try await engine.observe(project: "demo")
        #expect(try F.plan(second, observed).isConverged)
        #expect(observed.containers.map(\.name).sorted().map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
            == ["demo-db-1", "demo-job-1", "demo-web-1", "demo-web-2"])
    }

    @Test("a network whose subnet changed is recreated with its containers reconnected, then converged")
    func networkDrift() async throws {
        let engine = await Self.engine()
        let yaml = """
            name: demo
            services:
              web: {image: nginx:1.27, networks: [back]}
              db: {image: postgres:16, networks: [back]}
            networks:
              back:
                ipam: {config: [{subnet: SUBNET}]}
            """
        let first = try DesiredFixture.build(yaml.replacingOccurrences(of: "SUBNET", with: "10.7.0.0/24"))
        try await Self.apply(try F.plan(first, try await engine.observe(project: "demo")).operations[...], to: engine)
        #expect(try F.plan(first, try await engine.observe(project: "demo")).isConverged)

        let second = try DesiredFixture.build(yaml.replacingOccurrences(of: "SUBNET", with: "10.8.0.0/24"))
        let drift = try F.plan(second, try await engine.observe(project: "demo"))
        #expect(drift.operations.map(\.operation.kind) == ["disconnectNetwork", "disconnectNetwork", "removeNetwork",
                                                           "createNetwork", "connectNetwork", "connectNetwork"])
        #expect(drift.operations[2].cause == .networkDrift(details: ["subnets 10.7.0.0/24 → 10.8.0.0/24"]))
        try await Self.apply(drift.operations[...], to: engine)
        #expect(try F.plan(second, try await engine.observe(project: "demo")).isConverged)
    }
}
