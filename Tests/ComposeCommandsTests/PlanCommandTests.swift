import ComposeLoader
import EngineAPI
import EngineDocker
import Foundation
import Reconciler
import Testing

@Suite("compose plan")
struct PlanCommandTests {
    @Test("on the default embedded engine, plan shows what up would create; up without runc and CNI says what to install")
    func embeddedDefault() throws {
        let dir = try ComposeProcess.project(["compose.yaml": "name: demo\nservices:\n  web:\n    image: x\n"])
        let state = ["SWIFT_COMPOSE_STATE_DIR": dir + "/state"]
        let plan = try ComposeProcess.run(["plan", "--detailed-exitcode"], in: dir, environment: state)
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stdout.contains("create demo-web-1"), "\(plan.stdout)")
        let missing = state.merging(["SWIFT_COMPOSE_RUNC": dir + "/no-runc", "CNI_PATH": dir + "/no-cni"]) { $1 }
        let up = try ComposeProcess.run(["up", "-d"], in: dir, environment: missing)
        #expect(up.status == 1)
        #expect(up.stderr.contains("the embedded engine cannot run containers on this machine"), "\(up.stderr)")
        #expect(up.stderr.contains("apt-get install runc"), "\(up.stderr)")
        #expect(up.stderr.contains("containernetworking-plugins"), "\(up.stderr)")
        #expect(up.stderr.contains("--engine docker"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/state/containers"), "up created containers before failing")
    }

    @Test("an unknown engine is refused")
    func unknownEngine() throws {
        let dir = try ComposeProcess.project(["compose.yaml": "services:\n  web:\n    image: x\n"])
        let result = try ComposeProcess.run(["plan", "--engine", "podman-ish"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("unknown engine"))
    }
}

/// `plan` against a real dockerd (SWIFT_COMPOSE_IT=docker, DOCKER_HOST set by scripts/test.sh).
@Suite("compose plan against Docker (SWIFT_COMPOSE_IT=docker)", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["SWIFT_COMPOSE_IT"]?.contains("docker") == true))
struct PlanCommandDockerTests {
    static let image = "swift-compose-test/busybox:1"

    static func compose(greeting: String) -> String {
        """
        services:
          web:
            image: \(image)
            command: ["sleep", "3600"]
            environment:
              GREETING: \(greeting)
            depends_on: [db]
          db:
            image: \(image)
            command: ["sleep", "3600"]
            volumes: [data:/data]
        volumes:
          data: {}
        """
    }

    @Test("fresh → 2 with every creation; applied → 0; one env edit → 2 naming environment for that service only")
    func detailedExitCode() async throws {
        let project = "swctest-plan-\(UUID().uuidString.prefix(6).lowercased())"
        let dir = try ComposeProcess.project(["compose.yaml": Self.compose(greeting: "hello")])
        let environment = ["COMPOSE_ENGINE": "docker", "DOCKER_HOST": ProcessInfo.processInfo.environment["DOCKER_HOST"] ?? ""]
        let endpoint = try #require(DockerEndpoint.fromEnvironment(ProcessInfo.processInfo.environment))
        let engine = DockerEngine(endpoint: endpoint)
        defer { Task { await Self.cleanUp(engine: engine, project: project) } }

        let fresh = try ComposeProcess.run(["-p", project, "plan", "--detailed-exitcode"], in: dir, environment: environment)
        #expect(fresh.status == 2, "\(fresh.stderr)")
        #expect(fresh.stdout.contains("service:web:1"))
        #expect(fresh.stdout.contains("volume:data"))

        // Apply the same plan with the executor, as `up` will.
        let loaded = try ProjectLoader.load(ProjectRequest(
            files: [ComposeFileSource(path: dir + "/compose.yaml")], projectName: project))
        let desired = try DesiredStateBuilder(context: DesiredProjectContext(
            workingDirectory: loaded.workingDirectory, configFiles: loaded.composeFiles,
            environment: loaded.environment, version: "test")).build(try loaded.model())
        var options = PlanOptions()
        options.checkExternalResources = false
        options.localImages = [Self.image: try #require(try await engine.imageID(Self.image))]
        let plan = try Planner.plan(desired: desired, observed: try await engine.observe(project: project), options: options)
        let report = await PlanExecutor(engine: engine).execute(plan)
        #expect(report.succeeded)

        let converged = try ComposeProcess.run(["-p", project, "plan", "--detailed-exitcode"], in: dir, environment: environment)
        #expect(converged.status == 0, "\(converged.stdout)\(converged.stderr)")

        try Self.compose(greeting: "changed").write(toFile: dir + "/compose.yaml", atomically: true, encoding: .utf8)
        let edited = try ComposeProcess.run(["-p", project, "plan", "--detailed-exitcode"], in: dir, environment: environment)
        #expect(edited.status == 2)
        #expect(edited.stdout.contains("environment"), "\(edited.stdout)")
        #expect(edited.stdout.contains("service:web:1"))
        #expect(!edited.stdout.contains("service:db:1"), "\(edited.stdout)")
        await Self.cleanUp(engine: engine, project: project)
    }

    static func cleanUp(engine: DockerEngine, project: String) async {
        guard let observed = try? await engine.observe(project: project) else { return }
        for container in observed.containers {
            try? await engine.removeContainer(container.id, force: true, removeVolumes: true)
        }
        for network in observed.networks { try? await engine.removeNetwork(network.name) }
        for volume in observed.volumes { try? await engine.removeVolume(volume.name) }
    }
}
