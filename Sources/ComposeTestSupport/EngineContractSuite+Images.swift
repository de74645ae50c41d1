import EngineAPI
import Foundation

extension EngineContractSuite {
    static let imageChecks: [EngineContractCheck] = [
        EngineContractCheck("an image is built, tagged and removed, or building is refused as unsupported", build),
        EngineContractCheck("inspectImage describes a local image by reference or id, and is nil for an absent one", inspect),
    ]

    private static func inspect(_ run: EngineContractRun) async throws(EngineContractViolation) {
        let engine = run.engine
        let image = run.context.image
        let id = try await run.step("imageID(\(image))") { () throws(EngineError) in try await engine.imageID(image) }
        guard let id else { throw run.violation("the contract's image \(image) must be present") }
        let details = try await run.step("inspectImage(\(image))") { () throws(EngineError) in try await engine.inspectImage(image) }
        try run.require(details?.id == id, "inspectImage(\(image)) must give its id \(id), gave \(details?.id ?? "nil")")
        let canonical = ImageReference(parsing: image)?.description ?? image
        try run.require(details?.references.contains(canonical) == true,
                        "inspectImage must list the fully qualified \(canonical), listed \(details?.references ?? [])")
        try run.require(details?.os == "linux" && details?.architecture.isEmpty == false,
                        "inspectImage must give a linux platform, gave \(details?.platform ?? "nil")")
        let byID = try await run.step("inspectImage(\(id))") { () throws(EngineError) in try await engine.inspectImage(id) }
        try run.require(byID?.id == id, "inspectImage by id must find the same image, found \(byID?.id ?? "nil")")
        let absent = "swift-compose-contract/absent-\(run.project.lowercased()):1"
        let missing = try await run.step("inspectImage(\(absent))") { () throws(EngineError) in try await engine.inspectImage(absent) }
        try run.require(missing == nil, "inspectImage of an absent image must be nil, was \(missing?.id ?? "")")
    }

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
