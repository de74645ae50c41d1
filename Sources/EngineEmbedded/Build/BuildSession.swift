import EngineAPI
import Foundation

/// One build in progress: the stage results so far, the step counter of the output, the stores.
final class BuildSession {
    struct StageResult {
        var image: OCIImageConfig
        var layers: [BuildCache.Layer]
        /// The cache key after the stage's last step.
        var key: String
    }

    let builder: ImageBuilder
    let plan: BuildPlan
    let context: BuildSources
    let output: @Sendable (String) -> Void
    let pull: @Sendable (ImageReference) async throws -> Void
    let spec: BuildSpec
    let images: ImageStore
    let layerStore: LayerStore
    let cache: BuildCache
    let buildID = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    var results: [Int: StageResult] = [:]
    private var counter = 0

    var content: ContentStore { images.content }
    var noCache: Bool { spec.noCache }
    var pullAlways: Bool { spec.pull }

    init(builder: ImageBuilder, plan: BuildPlan, context: BuildSources, output: @escaping @Sendable (String) -> Void,
         pull: @escaping @Sendable (ImageReference) async throws -> Void, spec: BuildSpec) {
        self.builder = builder
        self.plan = plan
        self.context = context
        self.output = output
        self.pull = pull
        self.spec = spec
        images = ImageStore(root: builder.stateDirectory)
        layerStore = LayerStore(root: builder.stateDirectory)
        cache = BuildCache(stateDirectory: builder.stateDirectory)
    }

    func nextNumber() -> Int {
        counter += 1
        return counter
    }

    func label(_ stage: BuildPlan.Stage) -> String { stage.name ?? "stage-\(stage.index)" }

    func buildStage(_ index: Int) async throws(EngineError) -> StageResult {
        let stage = plan.stages[index]
        let location = DockerfileLocation(fileName: plan.dockerfile.fileName, line: stage.line)
        var state: BuildStageState
        var layers: [BuildCache.Layer]
        var key: String
        let fromNumber = nextNumber()
        let base: StageResult
        do throws(EngineError) {
            base = try await self.base(stage.base, location: location)
        } catch {
            throw Self.located(error, location, "FROM \(stage.baseName)")
        }
        state = BuildStageState(image: base.image, plan: plan, stage: index)
        layers = base.layers
        key = base.key
        // ONBUILD triggers of the base run first, then leave the new image.
        var instructions: [DockerfileInstruction] = []
        for trigger in state.image.config?.onBuild ?? [] {
            instructions.append(try DockerfileParser.instruction(from: trigger, at: location, escape: plan.dockerfile.escape))
        }
        state.image.config?.onBuild = nil
        instructions += stage.instructions
        let total = instructions.count + 1
        output("#\(fromNumber) [\(label(stage)) 1/\(total)] FROM \(stage.baseName)")
        output("#\(fromNumber) DONE")
        if state.image.history == nil { state.image.history = [] }
        for (offset, instruction) in instructions.enumerated() {
            if Task.isCancelled {
                throw DockerfileLocation(fileName: plan.dockerfile.fileName, line: instruction.line).error("build cancelled", .unavailable)
            }
            let number = nextNumber()
            let step = try state.evaluate(instruction)
            output("#\(number) [\(label(stage)) \(offset + 2)/\(total)] \(step.display)")
            let stepLocation = DockerfileLocation(fileName: plan.dockerfile.fileName, line: instruction.line)
            do throws(EngineError) {
                switch step.action {
                case .metadata:
                    key = BuildCache.key(parent: key, [step.display])
                    let record = try cachedOrNew(key)
                    state.image.history?.append(.init(created: record.created, createdBy: step.createdBy, emptyLayer: true))
                    output("#\(number) DONE")
                case .workdir(let path):
                    key = BuildCache.key(parent: key, [step.display, path])
                    try await layerStep(key: key, createdBy: step.createdBy, number: number, allowEmpty: true,
                                        state: &state, layers: &layers) { (overlay) throws(EngineError) in
                        try RootfsPath.makeDirectories(path, in: overlay.rootfs)
                    }
                case .run(let run):
                    key = BuildCache.key(parent: key, [step.display] + run.argEnv)
                    try await layerStep(key: key, createdBy: step.createdBy, number: number, allowEmpty: false,
                                        state: &state, layers: &layers) { (overlay) throws(EngineError) in
                        try await self.run(run, in: overlay, number: number, display: step.display, location: stepLocation)
                    }
                case .copy(let copy):
                    let prepared = try await prepareCopy(copy, location: stepLocation)
                    key = BuildCache.key(parent: key, [step.display, prepared.identity])
                    let slash = copy.destinationIsDirectory && copy.destination != "/" ? "/" : ""
                    let createdBy = state.shell.joined(separator: " ") + " #(nop) \(copy.isAdd ? "ADD" : "COPY") "
                        + "\(prepared.kind):\(prepared.identityHex) in \(copy.destination)\(slash) "
                    try await layerStep(key: key, createdBy: createdBy, number: number, allowEmpty: false,
                                        state: &state, layers: &layers) { (overlay) throws(EngineError) in
                        try await self.performCopy(copy, prepared: prepared, into: overlay, number: number, location: stepLocation)
                    }
                }
            } catch {
                throw Self.located(error, stepLocation, step.display)
            }
        }
        state.image.rootfs = OCIImageConfig.RootFS(diffIDs: layers.map(\.diffID))
        return StageResult(image: state.image, layers: layers, key: key)
    }

    /// Step errors name the Dockerfile line (those that do not already).
    static func located(_ error: EngineError, _ location: DockerfileLocation, _ display: String) -> EngineError {
        guard !error.message.hasPrefix("\(location.fileName):") else { return error }
        var located = error
        located.message = "\(location.fileName):\(location.line): \(display): \(error.message)"
        return located
    }

    /// The base of a stage: scratch, an earlier stage, or an image from the store (pulled when missing).
    func base(_ base: BuildPlan.Base, location: DockerfileLocation) async throws(EngineError) -> StageResult {
        switch base {
        case .scratch:
            let host = OCIPlatform.host
            let image = OCIImageConfig(architecture: host.architecture, os: host.os, variant: host.variant,
                                       config: OCIImageConfig.Runtime(), rootfs: .init(diffIDs: []), history: [])
            return StageResult(image: image, layers: [], key: BuildCache.key(parent: "base", ["scratch", host.description]))
        case .stage(let index):
            guard let result = results[index] else { throw location.error("stage \(index) was not built", .internalError) }
            return result
        case .image(let reference):
            let (image, layers, id) = try await resolveImage(reference, location: location)
            return StageResult(image: image, layers: layers, key: BuildCache.key(parent: "base", [id.description]))
        }
    }

    func cachedOrNew(_ key: String) throws(EngineError) -> BuildCache.Record {
        if !noCache, let record = cache.record(key) { return record }
        let record = BuildCache.Record(created: ImageBuilder.now(), layer: nil, emptyLayer: true)
        try cache.store(record, for: key)
        return record
    }

    /// The final image: config (plus compose `labels`) and OCI manifest into the content store, then tags.
    func commit(_ result: StageResult, labels: [String: String], tags: [String]) throws(EngineError) -> String {
        var image = result.image
        if !labels.isEmpty {
            var merged = image.config?.labels ?? [:]
            for (key, value) in labels { merged[key] = value }
            if image.config == nil { image.config = OCIImageConfig.Runtime() }
            image.config?.labels = merged
        }
        image.created = image.history?.last?.created ?? ImageBuilder.now()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let configBytes: [UInt8]
        do {
            configBytes = Array(try encoder.encode(image))
        } catch {
            throw EngineError(.internalError, "build: encode the image config", cause: "\(error)")
        }
        var references: [ImageReference] = []
        for tag in tags {
            guard let reference = ImageReference(parsing: tag) else {
                throw EngineError(.invalidArgument, "build: invalid tag \(tag)")
            }
            references.append(reference)
        }
        let layers = result.layers.map { OCIDescriptor(mediaType: $0.mediaType, digest: $0.digest, size: $0.size) }
        let record = try images.add(configBytes: configBytes, layers: layers, reference: references.first)
        for reference in references.dropFirst() { try images.tag(reference, record) }
        let configDigest = record.configDigest
        return configDigest.description
    }
}
