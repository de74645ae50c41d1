import ComposeTestSupport
import EngineAPI
import Foundation
import Testing

/// `compose images` and `compose push` against dockerd and a real registry on 127.0.0.1.
@Suite("images and push against Docker (SWIFT_COMPOSE_IT=docker)", .serialized,
       .enabled(if: Integration.dockerEnabled && TestRegistry.binary != nil))
struct ImagesPushDockerTests {
    @Test("compose images lists each container's image; compose push sends built images to the registry, which pull brings back")
    func imagesAndPush() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        let tag = "\(registry.host)/swctest/app:1"
        let project = try await IntegrationProject(.docker, """
            services:
              app:
                build:
                  context: .
                  dockerfile_inline: |
                    FROM \(Integration.image)
                    LABEL org.example.pushed=yes
                image: \(tag)
                init: true
              plain:
                image: \(Integration.image)
                init: true
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "-d", "--build"])
        #expect(up.status == 0, "\(up.stderr)")
        let builtID = try #require(try await project.engine.imageID(tag))
        let baseID = try #require(try await project.engine.imageID(Integration.image))

        let images = try project.compose(["images"])
        #expect(images.status == 0, "\(images.stderr)")
        let rows = images.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.first == ["CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE", "ID", "SIZE", "CREATED"])
        let builtShort = String(builtID.dropFirst(7).prefix(12))
        let baseShort = String(baseID.dropFirst(7).prefix(12))
        let expected: [[String]] = [
            ["\(project.name)-app-1", "\(registry.host)/swctest/app", "1", "linux/amd64", builtShort],
            ["\(project.name)-plain-1", "swift-compose-test/busybox", "1", "linux/amd64", baseShort],
        ]
        let listed: [[String]] = rows.dropFirst().map { Array($0.prefix(5)) }
        #expect(listed == expected)
        let quiet = try project.compose(["images", "-q"])
        #expect(quiet.stdout == "\(builtID.dropFirst(7))\n\(baseID.dropFirst(7))\n")

        let push = try project.compose(["push"])
        #expect(push.status == 0, "\(push.stderr)")
        // Only the service that builds is pushed: the registry has exactly that repository.
        let repositories = try FileManager.default.contentsOfDirectory(atPath: registry.storage + "/docker/registry/v2/repositories/swctest")
        #expect(repositories == ["app"])

        #expect(try project.compose(["down"]).status == 0)
        try await project.engine.removeImage(tag, force: true)
        #expect(try await project.engine.imageID(tag) == nil)
        let pull = try project.compose(["pull", "app"])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(try await project.engine.imageID(tag) == builtID)
        try await project.engine.removeImage(tag, force: true)
    }

    @Test("compose push of an image the registry refuses fails with exit 1 naming it; --ignore-push-failures exits 0")
    func pushFailure() async throws {
        let project = try await IntegrationProject(.docker, """
            services:
              app:
                build:
                  context: .
                  dockerfile_inline: |
                    FROM \(Integration.image)
                image: 127.0.0.1:1/swctest/unreachable:1
            """)
        defer { project.cleanUpNow() }
        #expect(try project.compose(["build"]).status == 0)
        let push = try project.compose(["push"])
        #expect(push.status == 1)
        #expect(push.stderr.contains("127.0.0.1:1/swctest/unreachable:1"), "\(push.stderr)")
        let ignored = try project.compose(["push", "--ignore-push-failures"])
        #expect(ignored.status == 0, "\(ignored.stderr)")
        try await project.engine.removeImage("127.0.0.1:1/swctest/unreachable:1", force: true)
    }
}
