import EngineAPI
import Foundation
import Testing

/// `build` and `up --build` against dockerd's builder: images from `build:` sections, built once per image.
@Suite("build against Docker (SWIFT_COMPOSE_IT=docker)", .serialized, .enabled(if: Integration.dockerEnabled))
struct BuildDockerTests {
    @Test("compose build builds a dockerfile_inline image with args and labels; up runs it; up --build rebuilds")
    func buildAndRun() async throws {
        let tag = "swctest-build-\(UUID().uuidString.prefix(8).lowercased()):1"
        let project = try await IntegrationProject(.docker, """
            services:
              app:
                build:
                  context: .
                  dockerfile_inline: |
                    FROM \(Integration.image)
                    ARG GREETING=unset
                    RUN echo "$$GREETING" > /greeting
                    LABEL org.example.kind=test
                    CMD ["sh", "-c", "cat /greeting; sleep 3600"]
                  args:
                    GREETING: built-by-compose
                image: \(tag)
                init: true
            """)
        defer { project.cleanUpNow() }
        let build = try project.compose(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        let imageID = try #require(try await project.engine.imageID(tag))

        let up = try project.compose(["up", "-d"])
        #expect(up.status == 0, "\(up.stderr)")
        let container = try #require(try await project.containers()["\(project.name)-app-1"])
        #expect(container.labels["org.example.kind"] == "test")
        try await Task.sleep(for: .milliseconds(500))
        let logs = try project.compose(["logs", "--no-log-prefix", "app"])
        #expect(logs.stdout == "built-by-compose\n", "\(logs.stdout)\(logs.stderr)")

        let again = try project.compose(["up", "-d", "--build"])
        #expect(again.status == 0, "\(again.stderr)")
        // The cache makes the rebuild the same image: the container is not recreated.
        #expect(try await project.engine.imageID(tag) == imageID)
        #expect(try await project.containers()["\(project.name)-app-1"]?.id == container.id)
        project.cleanUpNow()
        try await project.engine.removeImage(tag, force: true)
    }

    @Test("a failing build reports the builder's error and creates nothing")
    func failingBuild() async throws {
        let project = try await IntegrationProject(.docker, """
            services:
              app:
                build:
                  context: .
                  dockerfile_inline: |
                    FROM \(Integration.image)
                    RUN exit 7
                image: swctest-build-fails:1
            """)
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "-d"])
        #expect(up.status == 1)
        #expect(up.stderr.contains("returned a non-zero code: 7"), "\(up.stderr)")
        #expect(try await project.observe() == ObservedState())
    }
}
