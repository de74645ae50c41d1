import EngineAPI
import Foundation

extension EngineContractSuite {
    static let imageChecks: [EngineContractCheck] = [
        EngineContractCheck("an image is built, tagged and removed, or building is refused as unsupported", build),
    ]

    private static func build(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let tag = "swift-compose-contract/built-\(run.project.lowercased()):1"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swift-compose-contract-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let dockerfile = "FROM \(run.context.image)\nLABEL io.swift-compose.contract=\"\(run.project)\"\n"
            try Data(dockerfile.utf8).write(to: directory.appendingPathComponent("Dockerfile"))
        } catch {
            throw run.violation("could not write the build context: \(error)")
        }
        let spec = BuildSpec(context: directory.path, tags: [tag])
        guard engine.capabilities.build else {
            try await run.expectFailure(.unsupported, "building on an engine without the build capability") { () throws(EngineError) in
                try await engine.buildImage(spec) { _ in }
            }
            return
        }
        run.trackImage(tag)
        let (lines, line) = AsyncStream<String>.makeStream()
        let id = try await run.step("build \(tag)") { () throws(EngineError) in try await engine.buildImage(spec) { line.yield($0) } }
        line.finish()
        var output: [String] = []
        for await text in lines { output.append(text) }
        try run.require(id.hasPrefix("sha256:"), "buildImage must return a sha256: image id, returned \(id)")
        try run.require(!output.isEmpty, "buildImage must pass the builder's output on, passed nothing")
        let tagged = try await run.step("imageID(\(tag))") { () throws(EngineError) in try await engine.imageID(tag) }
        try run.require(tagged == id, "the built image must be tagged \(tag): its id is \(tagged ?? "nil"), the build returned \(id)")
        try await run.step("remove image \(tag)") { () throws(EngineError) in try await engine.removeImage(tag, force: false) }
        let removed = try await run.step("imageID(\(tag)) after removal") { () throws(EngineError) in try await engine.imageID(tag) }
        try run.require(removed == nil, "a removed image must have no id, \(tag) has \(removed ?? "")")
        try await run.expectFailure(.notFound, "removing image \(tag) a second time") { () throws(EngineError) in
            try await engine.removeImage(tag, force: false)
        }
    }
}
