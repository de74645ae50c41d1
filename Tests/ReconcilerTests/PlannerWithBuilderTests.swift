import ComposeLoader
import EngineAPI
import Foundation
import Reconciler
import Testing

/// The planner on desired states built by `DesiredStateBuilder` from compose files, not by hand.
@Suite("Planner on built desired states")
struct PlannerWithBuilderTests {
    typealias F = PlanFixture

    static func stack(webEnvironment: String) -> String {
        """
        name: demo
        services:
          db:
            image: postgres:16
            volumes: [data:/var/lib/postgresql/data]
            networks: [back]
            healthcheck:
              test: ["CMD", "pg_isready"]
          web:
            image: nginx:1.27
            environment:
              MODE: \(webEnvironment)
            depends_on:
              db: {condition: service_healthy}
            networks: [back, front]
            ports: ["8080:80"]
          worker:
            image: busybox
            command: ["sleep", "infinity"]
            deploy: {replicas: 2}
            networks: [back]
        volumes:
          data: {}
        networks:
          back: {}
          front: {}
        """
    }

    @Test("fresh, converged, then one environment change recreates only web and names the field")
    func stackLifecycle() throws {
        let desired = try DesiredFixture.build(Self.stack(webEnvironment: "one"))
        let fresh = try F.plan(desired, ObservedState())
        F.expectText(fresh, """
            volume:data       create demo_data          missing
            network:back      create demo_back          missing
            network:front     create demo_front         missing
            service:db:1      create demo-db-1          missing
            service:db:1      start demo-db-1           missing
            service:db        wait until db is healthy  needed by web
            service:web:1     create demo-web-1         missing
            service:web:1     start demo-web-1          missing
            service:worker:1  create demo-worker-1      missing
            service:worker:1  start demo-worker-1       missing
            service:worker:2  create demo-worker-2      missing
            service:worker:2  start demo-worker-2       missing

            """)
        // The dependency is healthy: nothing waits when only web changes.
        var observed = F.converged(desired)
        for position in observed.containers.indices { observed.containers[position].health = .healthy }
        #expect(try F.plan(desired, observed).isConverged)

        let changed = try DesiredFixture.build(Self.stack(webEnvironment: "two"))
        let plan = try F.plan(changed, observed)
        #expect(Set(plan.operations.map(\.resource)) == [.container(service: "web", number: 1)])
        #expect(plan.operations.allSatisfy { $0.cause == .configChanged(fields: ["environment"]) })
        #expect(plan.operations.map(\.operation.kind)
            == ["createContainer", "stopContainer", "removeContainer", "renameContainer", "startContainer"])
    }

    @Test("every corpus project plans a valid DAG from nothing and converges against itself (pulls aside)")
    func corpus() throws {
        let corpus = try #require(DesiredFixture.corpus)
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
        var planned = 0
        var options = PlanOptions()
        options.checkExternalResources = false
        for name in names {
            guard let desired = try? Self.build(corpus.appendingPathComponent(name)) else { continue }
            let fresh = try F.plan(desired, ObservedState(), options)
            let containers = desired.services.reduce(0) { $0 + $1.containers.count }
            #expect(fresh.operations.filter { $0.operation.kind == "createContainer" }.count == containers, "\(name)")
            let again = try F.plan(desired, F.converged(desired), options)
            // Only `pull_policy: always` keeps a converged project busy, with a pull.
            #expect(again.operations.allSatisfy { $0.cause == .pullAlways }, "\(name): \(again.text())")
            planned += 1
        }
        #expect(planned > 250)
    }

    private static func build(_ directory: URL) throws -> DesiredProject? {
        let exit = try String(contentsOf: directory.appendingPathComponent("expected-exit-code.txt"), encoding: .utf8)
        guard exit.trimmingCharacters(in: .whitespacesAndNewlines) == "0" else { return nil }
        let caseData = try Data(contentsOf: directory.appendingPathComponent("case.json"))
        guard let meta = try JSONSerialization.jsonObject(with: caseData) as? [String: Any],
              let files = meta["files"] as? [String] else { return nil }
        let workdir = directory.appendingPathComponent(meta["workdir"] as? String ?? ".").standardizedFileURL
        var environment = ["HOME": "/tmp/corpus-home", "PATH": "/usr/bin:/bin"]
        for (key, value) in meta["env"] as? [String: String] ?? [:] { environment[key] = value }
        let loaded = try ProjectLoader.load(ProjectRequest(
            files: files.map { ComposeFileSource(path: workdir.appendingPathComponent($0).standardizedFileURL.path) },
            projectName: "corpus",
            processEnvironment: environment
        ))
        let context = DesiredProjectContext(workingDirectory: loaded.workingDirectory, configFiles: loaded.composeFiles,
                                            environment: loaded.environment, version: "2.40.3")
        return try DesiredStateBuilder(context: context).build(try loaded.model())
    }
}
