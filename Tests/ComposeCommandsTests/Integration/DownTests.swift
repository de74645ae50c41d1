import EngineAPI
import Foundation
import Testing

/// `down` against each enabled engine: `--rmi all`, from labels alone with `-p NAME`, orphans.
@Suite("down against each enabled engine (SWIFT_COMPOSE_IT=docker|embedded)", .serialized, .enabled(if: Integration.anyEnabled))
struct DownTests {
    static let twoServices = """
        services:
          web:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            init: true
            volumes: [data:/data]
          worker:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            init: true
        volumes:
          data: {}
        """

    static let webOnly = """
        services:
          web:
            image: \(Integration.image)
            command: ["sleep", "3600"]
            init: true
            volumes: [data:/data]
        volumes:
          data: {}
        """

    @Test("down --rmi all removes the service's locally tagged image, and only that tag", arguments: Integration.engines)
    func removeImages(engine: EngineKind) async throws {
        let tag = "swcit-rmi-\(UUID().uuidString.prefix(8).lowercased()):1"
        try await Integration.tag(engine, Integration.image, as: tag)
        let project = try await IntegrationProject(engine, Self.webOnly.replacingOccurrences(of: Integration.image, with: tag))
        defer { project.cleanUpNow() }
        defer { Task { [engine = project.engine] in try? await engine.removeImage(tag, force: true) } }
        #expect(try project.compose(["up", "-d"]).status == 0)

        let down = try project.compose(["down", "--rmi", "all", "-t", "0"])
        #expect(down.status == 0, "\(down.stderr)")
        #expect(try await project.engine.inspectImage(tag) == nil, "the tag is removed")
        #expect(try await project.engine.inspectImage(Integration.image) != nil, "the image itself stays under its other tag")
        let observed = try await project.observe()
        #expect(observed.containers.isEmpty)
        #expect(observed.networks.isEmpty)
    }

    @Test("-p NAME down without a compose file removes the project's containers and network; -v its volume", arguments: Integration.engines)
    func fromLabels(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.twoServices)
        defer { project.cleanUpNow() }
        #expect(try project.compose(["up", "-d"]).status == 0)
        try FileManager.default.removeItem(atPath: project.directory + "/compose.yaml")

        let down = try project.compose(["down", "-t", "0"])
        #expect(down.status == 0, "\(down.stderr)")
        let after = try await project.observe()
        #expect(after.containers.isEmpty)
        #expect(after.networks.isEmpty)
        #expect(after.volumes.map(\.name) == ["\(project.name)_data"])
        let volumes = try project.compose(["down", "-v"])
        #expect(volumes.status == 0, "\(volumes.stderr)")
        #expect(try await project.observe() == ObservedState())
    }

    @Test("without --remove-orphans down warns and keeps a deleted service's container; with it, removes it", arguments: Integration.engines)
    func orphans(engine: EngineKind) async throws {
        let project = try await IntegrationProject(engine, Self.twoServices)
        defer { project.cleanUpNow() }
        #expect(try project.compose(["up", "-d"]).status == 0)
        try project.write(Self.webOnly)

        let down = try project.compose(["down", "-t", "0"])
        #expect(down.status == 0, "\(down.stderr)")
        #expect(down.stderr.contains("Found orphan containers ([\(project.name)-worker-1])"), "\(down.stderr)")
        #expect(try await project.states() == ["worker-1": .running])

        let remove = try project.compose(["down", "--remove-orphans", "-t", "0"])
        #expect(remove.status == 0, "\(remove.stderr)")
        #expect(!remove.stderr.contains("Found orphan containers"), "\(remove.stderr)")
        let after = try await project.observe()
        #expect(after.containers.isEmpty)
        #expect(after.networks.isEmpty)
    }
}
