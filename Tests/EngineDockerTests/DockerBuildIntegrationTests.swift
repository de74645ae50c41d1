import EngineAPI
import EngineDocker
import Foundation
import Testing

/// Collects the builder's output lines from its `@Sendable` callback.
final class BuildOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ line: String) {
        lock.withLock { stored.append(line) }
    }

    var lines: [String] { lock.withLock { stored } }
}

@Suite("Docker engine builds and removes images (SWIFT_COMPOSE_IT=docker)", .enabled(if: DockerIntegration.enabled))
struct DockerBuildIntegrationTests {
    static func makeContext(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("swcit-ctx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (path, content) in files { try Data(content.utf8).write(to: URL(fileURLWithPath: root + "/" + path)) }
        return root
    }

    /// Runs the image's default command to its end and returns its output lines.
    static func run(_ engine: DockerEngine, project: String, image: String) async throws -> [String] {
        var spec = ContainerSpec(name: "\(project)-run-\(UUID().uuidString.prefix(4).lowercased())", image: image)
        spec.labels = [OwnershipLabels.project: project]
        let id = try await DockerIntegration.start(engine, spec)
        _ = try await engine.waitContainer(id)
        return try await DockerIntegration.logs(engine, id).map(\.text)
    }

    @Test("a build with an ARG, a label and a .dockerignore'd file; the image runs without the ignored file")
    func build() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        let tag = "\(project)/app:1"
        let dockerfile = """
        FROM \(DockerIntegration.image)
        ARG GREETING=none
        LABEL from.dockerfile=yes
        COPY . /ctx/
        RUN echo "$GREETING" > /greeting
        CMD ["sh", "-c", "cat /greeting; ls -a /ctx"]
        """
        let root = try Self.makeContext(["Dockerfile": dockerfile, ".dockerignore": "# secrets stay home\nsecret.txt\n",
                                         "keep.txt": "k", "secret.txt": "s"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        var spec = BuildSpec(context: root, tags: [tag])
        spec.args = [BuildArgument(name: "GREETING", value: "hello")]
        spec.labels = ["com.example.built-by": "swcit"]
        let output = BuildOutput()
        do {
            let id = try await engine.buildImage(spec, output: output.append)
            #expect(id.hasPrefix("sha256:"))
            #expect(try await engine.imageID(tag) == id)
            #expect(output.lines.first == "Step 1/7 : FROM \(DockerIntegration.image)")
            #expect(output.lines.contains("Successfully tagged \(tag)"))
            #expect(try await Self.run(engine, project: project, image: tag) == ["hello", ".", "..", ".dockerignore", "Dockerfile", "keep.txt"])
            let container = try #require(try await engine.observe(project: project).containers.first)
            #expect(container.labels["from.dockerfile"] == "yes")
            #expect(container.labels["com.example.built-by"] == "swcit")

            // The image is in use: removing it without force is a conflict naming the reason.
            do {
                try await engine.removeImage(tag, force: false)
                Issue.record("removing an image in use succeeded")
            } catch {
                #expect(error.code == .conflict)
                #expect(error.message.contains("container"))
            }
            await DockerIntegration.cleanUp(engine, project: project)
            try await engine.removeImage(tag, force: false)
            #expect(try await engine.imageID(tag) == nil)
            do {
                try await engine.removeImage(tag, force: false)
                Issue.record("removing an absent image succeeded")
            } catch {
                #expect(error.code == .notFound)
            }
        } catch {
            Issue.record("\(error)\n\(output.lines.joined(separator: "\n"))")
        }
        await DockerIntegration.cleanUp(engine, project: project)
        try? await engine.removeImage(tag, force: true)
    }

    @Test("dockerfile_inline: the generated Dockerfile and .dockerignore stay out of the image")
    func inline() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        let tag = "\(project)/inline:1"
        let root = try Self.makeContext(["a.txt": "a"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        var spec = BuildSpec(context: root, tags: [tag])
        spec.dockerfileInline = "FROM \(DockerIntegration.image)\nCOPY . /ctx/\nCMD [\"ls\", \"-a\", \"/ctx\"]\n"
        let output = BuildOutput()
        do {
            let id = try await engine.buildImage(spec, output: output.append)
            #expect(try await engine.imageID(tag) == id)
            #expect(try await Self.run(engine, project: project, image: tag) == [".", "..", "a.txt"])
        } catch {
            Issue.record("\(error)\n\(output.lines.joined(separator: "\n"))")
        }
        await DockerIntegration.cleanUp(engine, project: project)
        try? await engine.removeImage(tag, force: true)
    }

    @Test("a failing step fails the build with the builder's message")
    func failure() async throws {
        let engine = try DockerIntegration.engine()
        let project = DockerIntegration.project()
        let root = try Self.makeContext(["Dockerfile": "FROM \(DockerIntegration.image)\nRUN exit 3\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let output = BuildOutput()
        do {
            _ = try await engine.buildImage(BuildSpec(context: root, tags: ["\(project)/broken:1"]), output: output.append)
            Issue.record("a failing build succeeded")
        } catch {
            #expect(error.code == .internalError)
            #expect(error.message == "The command '/bin/sh -c exit 3' returned a non-zero code: 3")
            #expect(error.resource == nil)
        }
        #expect(output.lines.contains("Step 2/2 : RUN exit 3"))
        #expect(try await engine.imageID("\(project)/broken:1") == nil)
    }
}
