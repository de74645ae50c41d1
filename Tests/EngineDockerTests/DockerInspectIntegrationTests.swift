import EngineAPI
import EngineDocker
import Foundation
import Testing

@Suite("Docker engine inspects and lookups (SWIFT_COMPOSE_IT=docker)", .enabled(if: DockerIntegration.enabled))
struct DockerInspectIntegrationTests {
    static func check(_ test: [String]) -> HealthcheckSpec {
        var check = HealthcheckSpec(test: test)
        check.intervalNanoseconds = 500_000_000
        check.timeoutNanoseconds = 2_000_000_000
        check.retries = 1
        return check
    }

    /// Polls until the health is no longer `starting` (a safety bound, not a speed check).
    static func settledHealth(_ engine: DockerEngine, _ id: String) async throws -> ContainerDetails {
        for _ in 0..<120 {
            let details = try await engine.inspectContainer(id)
            if details.container.health != .starting { return details }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        return try await engine.inspectContainer(id)
    }

    @Test("inspect shows healthy and unhealthy health checks with their probe output")
    func health() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        do {
            let good = try await DockerIntegration.start(engine, DockerIntegration.container(
                project, "good", command: ["sleep", "3600"], healthcheck: Self.check(["CMD-SHELL", "echo fine"])))
            let bad = try await DockerIntegration.start(engine, DockerIntegration.container(
                project, "bad", command: ["sleep", "3600"], healthcheck: Self.check(["CMD", "sh", "-c", "echo failing; exit 1"])))
            let healthy = try await Self.settledHealth(engine, good)
            #expect(healthy.container.health == .healthy)
            #expect(healthy.healthLog.first == "fine")
            #expect(healthy.container.state == .running)
            #expect(healthy.container.exitCode == nil)
            #expect(healthy.container.labels[OwnershipLabels.project] == project)
            #expect(healthy.container.image == DockerIntegration.image)
            #expect(healthy.startedAt != nil)
            #expect(healthy.finishedAt == nil)
            let unhealthy = try await Self.settledHealth(engine, bad)
            #expect(unhealthy.container.health == .unhealthy)
            #expect(unhealthy.healthLog.first == "failing")
            let listed = try await engine.observe(project: project).containers.map(\.health)
            #expect(listed.sorted { $0.rawValue < $1.rawValue } == [.healthy, .unhealthy])
        } catch {
            Issue.record("\(error)")
        }
        await DockerIntegration.cleanUp(engine, project: project)
    }

    @Test("inspecting an absent container is notFound naming it")
    func absentContainer() async throws {
        let engine = try DockerIntegration.engine()
        do {
            _ = try await engine.inspectContainer("swcit-absent-container")
            Issue.record("inspect of an absent container succeeded")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.message == "no such container: swcit-absent-container")
        }
    }

    @Test("findContainers finds a foreign container by exact name only; all projects lists labelled containers")
    func findAndAllProjects() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        let foreignName = "\(project)-foreign"
        do {
            let foreign = try await engine.createContainer(DockerIntegration.container(project, "foreign", command: ["true"], labelled: false))
            _ = try await engine.createContainer(DockerIntegration.container(project, "foreign2", command: ["true"], labelled: false))
            let owned = try await engine.createContainer(DockerIntegration.container(project, "web", command: ["true"]))
            let found = try await engine.findContainers(names: [foreignName, "\(project)-absent"])
            #expect(found.map(\.id) == [foreign])
            #expect(found.first?.name == foreignName)
            #expect(found.first?.labels == [:])
            #expect(found.first?.state == .created)
            #expect(try await engine.findContainers(names: []).isEmpty)
            let all = try await engine.observeAllProjects()
            #expect(all.filter { $0.project == project }.map(\.id) == [owned])
            #expect(!all.contains { $0.id == foreign })
        } catch {
            Issue.record("\(error)")
        }
        await DockerIntegration.cleanUp(engine, project: project, names: [foreignName, "\(project)-foreign2"])
    }

    @Test("inspectNetwork and inspectVolume: present with labels and members, absent as nil")
    func networkAndVolume() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        var network = NetworkSpec(name: "\(project)_net")
        network.labels = ["swcit": "yes"]
        network.isInternal = true
        var volume = VolumeSpec(name: "\(project)_data")
        volume.labels = ["swcit": "yes"]
        do {
            let networkID = try await engine.createNetwork(network)
            try await engine.createVolume(volume)
            var spec = DockerIntegration.container(project, "member", command: ["sleep", "3600"])
            spec.networks = [NetworkAttachment(network: network.name)]
            let member = try await DockerIntegration.start(engine, spec)
            let inspected = try #require(try await engine.inspectNetwork(network.name))
            #expect(inspected.id == networkID)
            #expect(inspected.name == network.name)
            #expect(inspected.driver == "bridge")
            #expect(inspected.labels == ["swcit": "yes"])
            #expect(inspected.isInternal)
            #expect(inspected.subnets.count == 1)
            #expect(inspected.containers == [member])
            #expect(try await engine.inspectVolume(volume.name) == ObservedVolume(name: volume.name, driver: "local", labels: ["swcit": "yes"]))
            #expect(try await engine.inspectNetwork("\(project)_absent") == nil)
            #expect(try await engine.inspectVolume("\(project)_absent") == nil)
        } catch {
            Issue.record("\(error)")
        }
        await DockerIntegration.cleanUp(engine, project: project)
        try? await engine.removeNetwork(network.name)
        try? await engine.removeVolume(volume.name)
    }
}
