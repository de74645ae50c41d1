import ComposeTestSupport
import EngineAPI
import Testing

@Suite("FakeEngine builds and removes images like dockerd")
struct FakeEngineImageTests {
    static func build(_ engine: FakeEngine, _ spec: BuildSpec) async throws -> (id: String, output: [String]) {
        let (lines, line) = AsyncStream<String>.makeStream()
        let id = try await engine.buildImage(spec) { line.yield($0) }
        line.finish()
        var output: [String] = []
        for await text in lines { output.append(text) }
        return (id, output)
    }

    @Test("an engine without the build capability refuses, and the call is still recorded")
    func unsupported() async throws {
        let engine = FakeEngine()
        let spec = BuildSpec(context: "/src/app", tags: ["app:1"])
        let error = await #expect(throws: EngineError.self) { _ = try await Self.build(engine, spec) }
        #expect(error?.code == .unsupported)
        #expect(await engine.calls == [.buildImage(spec)])
        #expect(try await engine.imageID("app:1") == nil)
    }

    @Test("a build records its spec, tags every tag with an id that depends on the inputs only, and prints")
    func build() async throws {
        let engine = FakeEngine(capabilities: EngineCapabilities(build: true))
        var spec = BuildSpec(context: "/src/app", tags: ["app:1", "registry.local/app:latest"])
        spec.args = [BuildArgument(name: "VERSION", value: "1")]
        spec.target = "prod"
        let (id, output) = try await Self.build(engine, spec)
        #expect(id.hasPrefix("sha256:") && id.count == 71)
        #expect(try await engine.imageID("docker.io/library/app:1") == id)
        #expect(try await engine.imageID("registry.local/app") == id)
        #expect(output == ["Sending build context /src/app to the fake engine", "Building Dockerfile",
                           "Successfully built \(id.dropFirst(7).prefix(12))", "Successfully tagged app:1",
                           "Successfully tagged registry.local/app:latest"])
        #expect(await engine.calls(of: .buildImage) == [.buildImage(spec)])
        #expect(await engine.calls(of: .buildImage).first?.description == "buildImage app:1 registry.local/app:latest")

        var retagged = spec
        retagged.tags = ["other:2"]
        #expect(try await Self.build(engine, retagged).id == id)
        var changed = spec
        changed.args = [BuildArgument(name: "VERSION", value: "2")]
        #expect(try await Self.build(engine, changed).id != id)
    }

    @Test("a build failing after applying has tagged the image")
    func buildLostResponse() async throws {
        let engine = FakeEngine(capabilities: EngineCapabilities(build: true))
        await engine.failNext(.buildImage, with: EngineError(.unavailable, "EOF"), at: .afterApplying)
        await #expect(throws: EngineError.self) { _ = try await Self.build(engine, BuildSpec(context: "/src", tags: ["app:1"])) }
        #expect(try await engine.imageID("app:1") != nil)
    }

    @Test("removing an absent image fails with notFound")
    func removeAbsent() async throws {
        let engine = FakeEngine(images: ["busybox"])
        for reference in ["nginx", "sha256:" + String(repeating: "0", count: 64)] {
            let error = await #expect(throws: EngineError.self) { try await engine.removeImage(reference, force: true) }
            #expect(error?.code == .notFound)
            #expect(error?.message == "No such image: \(reference)")
        }
    }

    @Test("an image a container uses is removed only with force, and stays dangling while used")
    func removeUsed() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = FakeEngine.imageID(for: "busybox")
        let container = try await engine.createContainer(ContainerSpec(name: "demo-web-1", image: "busybox"))
        let refused = await #expect(throws: EngineError.self) { try await engine.removeImage("busybox", force: false) }
        #expect(refused?.code == .conflict)
        #expect(refused?.message == "conflict: unable to remove repository reference \"busybox\" (must force) - container "
            + "\(container.prefix(12)) is using its referenced image \(id.dropFirst(7).prefix(12))")
        try await engine.removeImage("busybox", force: true)
        #expect(try await engine.imageID("busybox") == nil)
        #expect(try await engine.imageID(id) == id)
        try await engine.startContainer(container)
        let running = await #expect(throws: EngineError.self) { try await engine.removeImage(id, force: true) }
        #expect(running?.code == .conflict)
        try await engine.removeContainer(container, force: true, removeVolumes: false)
        try await engine.removeImage(String(id.dropFirst(7).prefix(12)), force: false)
        #expect(try await engine.imageID(id) == nil)
    }

    @Test("a tag of an image with several tags is untagged; the id needs force then")
    func removeTags() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let id = FakeEngine.imageID(for: "busybox")
        await engine.addImage("mirror/busybox:1", id: id)
        await engine.addImage("mirror/busybox:2", id: id)
        try await engine.removeImage("mirror/busybox:1", force: false)
        #expect(try await engine.imageID("mirror/busybox:1") == nil)
        #expect(try await engine.imageID("busybox") == id)
        let refused = await #expect(throws: EngineError.self) { try await engine.removeImage(id, force: false) }
        #expect(refused?.message == "conflict: unable to delete \(id.dropFirst(7).prefix(12)) (must be forced) - image is referenced in multiple repositories")
        try await engine.removeImage(id, force: true)
        #expect(try await engine.imageID("busybox") == nil)
        #expect(try await engine.imageID("mirror/busybox:2") == nil)
        #expect(await engine.mutatingCalls.map(\.description) == [
            "removeImage mirror/busybox:1", "removeImage \(id)", "removeImage \(id) force",
        ])
    }
}
