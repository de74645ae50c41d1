import ComposeModel
import EngineAPI
import Foundation

/// A service's `build:` section as the engine's `BuildSpec` (paths absolute, variables resolved).
enum BuildSpecMapper {
    static func spec(_ build: ComposeBuild, image: String, workingDirectory: String) -> BuildSpec {
        let context = absolute(build.context ?? ".", base: workingDirectory)
        var spec = BuildSpec(context: context, tags: [image] + build.tags.filter { $0 != image })
        spec.dockerfile = build.dockerfile
        spec.dockerfileInline = build.dockerfileInline
        // A nil value (`args: [NAME]`) takes the variable from the environment; the loader already resolved
        // the ones that exist, so the rest are left out as `docker build` does.
        spec.args = build.args.sorted { $0.key < $1.key }.compactMap { name, value in
            value.map { BuildArgument(name: name, value: $0) }
        }
        spec.target = build.target
        spec.labels = build.labels
        spec.noCache = build.noCache ?? false
        spec.pull = build.pull ?? false
        spec.platform = build.platforms.first
        spec.network = build.network
        spec.extraHosts = build.extraHosts.map { "\($0.host):\($0.address)" }
        spec.shmSize = build.shmSize?.bytes
        return spec
    }

    private static func absolute(_ path: String, base: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }
}
