import EngineAPI
import Foundation

/// Builds a Dockerfile into the embedded engine's stores without any daemon: each RUN runs in a runc
/// container over an overlay of the parent layers, COPY/ADD write into the same kind of mount, and each
/// step's upper directory becomes a layer. Steps are cached under `<state>/build-cache`.
public struct ImageBuilder: Sendable {
    public let stateDirectory: String
    public let runcPath: String?

    /// - Parameter runcPath: the runc binary; by default the one on PATH (needed only when a RUN executes).
    public init(stateDirectory: String, runcPath: String? = nil) {
        self.stateDirectory = stateDirectory
        self.runcPath = runcPath ?? BuildProcess.find("runc")
    }

    /// Builds `spec` and tags the result with all its tags; returns the image id (the config digest).
    /// - Parameters:
    ///   - output: the build's plain progress output, a line at a time.
    ///   - pull: fetches a base image that is not in the store (or every base, when `spec.pull`).
    public func build(_ spec: BuildSpec, output: @escaping @Sendable (String) -> Void,
                      pull: @escaping @Sendable (ImageReference) async throws -> Void) async throws(EngineError) -> String {
        let (text, fileName, dockerfilePath) = try dockerfile(spec)
        let dockerfile = try DockerfileParser.parse(text, fileName: fileName)
        var buildArgs: [String: String] = [:]
        for argument in spec.args { buildArgs[argument.name] = argument.value }
        if let platform = spec.platform {
            guard let wanted = OCIPlatform(parsing: platform), OCIPlatform.host.matches(wanted) else {
                throw EngineError(.unsupported,
                                  "build \(spec.tags.first ?? spec.context): platform \(platform): building for another platform is not supported")
            }
        }
        if let network = spec.network, !["default", "host", "none"].contains(network) {
            throw EngineError(.unsupported,
                              "build \(spec.tags.first ?? spec.context): network \(network): RUN steps can use the host network (default) or none")
        }
        let plan = try BuildPlan(dockerfile: dockerfile, target: spec.target, buildArgs: buildArgs)
        for warning in plan.warnings { output(warning) }
        let ignore = try Self.ignore(context: spec.context, dockerfilePath: dockerfilePath)
        let session = BuildSession(builder: self, plan: plan, context: BuildSources(root: spec.context, ignore: ignore),
                                   output: output, pull: pull, spec: spec)
        // A shared lease: garbage collection waits until the build's blobs are referenced by its image.
        let lease = try ImageStore(root: stateDirectory).lease()
        defer { lease.unlock() }
        await sweepAbandonedBuilds()
        let buildLock = try StoreLock.acquire("\(buildDirectory)/\(session.buildID).lock")
        defer {
            unlink(buildLock.path)
            buildLock.unlock()
        }
        for index in plan.needed {
            session.results[index] = try await session.buildStage(index)
        }
        guard let result = session.results[plan.target] else {
            throw EngineError(.internalError, "build: the target stage was not built")
        }
        let id = try session.commit(result, labels: spec.labels, tags: spec.tags)
        output("#\(session.nextNumber()) writing image \(id) done")
        return id
    }

    /// The Dockerfile's text, the name errors use and its path (nil when inline).
    func dockerfile(_ spec: BuildSpec) throws(EngineError) -> (String, String, String?) {
        if let inline = spec.dockerfileInline { return (inline, "Dockerfile", nil) }
        let name = spec.dockerfile ?? "Dockerfile"
        let path = name.hasPrefix("/") ? name : spec.context + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EngineError(.notFound, "build: cannot read Dockerfile \(path)")
        }
        return (String(decoding: data, as: UTF8.self), name, path)
    }

    /// `<Dockerfile>.dockerignore` next to the Dockerfile wins over the context's `.dockerignore`.
    static func ignore(context: String, dockerfilePath: String?) throws(EngineError) -> DockerIgnore? {
        let candidates = (dockerfilePath.map { [$0 + ".dockerignore"] } ?? []) + [context + "/.dockerignore"]
        for candidate in candidates {
            if let data = FileManager.default.contents(atPath: candidate) {
                return try DockerIgnore(lines: DockerIgnore.lines(of: String(decoding: data, as: UTF8.self)))
            }
        }
        return nil
    }

    var buildDirectory: String { stateDirectory + "/build" }
    var runcRoot: String { stateDirectory + "/build/runc" }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    /// Builds hold `<state>/build/<id>.lock`; a free lock means its build died: its runc containers are
    /// deleted and its step directories unmounted and removed.
    func sweepAbandonedBuilds() async {
        for name in BuildSources.entries(buildDirectory) where name.hasSuffix(".lock") {
            let id = String(name.dropLast(5))
            guard let lock = try? StoreLock.tryAcquire("\(buildDirectory)/\(name)") else { continue }
            if let runc = runcPath {
                for container in BuildSources.entries(runcRoot) where container.hasPrefix("build-\(id)-") {
                    _ = try? await BuildProcess.run(runc, ["--root", runcRoot, "delete", "--force", container])
                }
            }
            for entry in BuildSources.entries(buildDirectory) where entry.hasPrefix(id + "-") {
                OverlayMount(directory: "\(buildDirectory)/\(entry)").remove()
            }
            unlink(lock.path)
            lock.unlock()
        }
    }
}
