import ArgumentParser
import Reconciler

/// The flags `up`, `create` and `plan` share: how existing containers are treated and where images come from.
struct ConvergeOptions: ParsableArguments, Sendable {
    @Flag(help: "Recreate containers even if their configuration and image haven't changed")
    var forceRecreate = false

    @Flag(help: "If containers already exist, don't recreate them. Incompatible with --force-recreate.")
    var noRecreate = false

    @Flag(help: "Recreate dependent containers. Incompatible with --no-recreate.")
    var alwaysRecreateDeps = false

    @Flag(help: "Don't start linked services")
    var noDeps = false

    @Flag(help: "Remove containers for services not defined in the Compose file")
    var removeOrphans = false

    @Flag(name: [.customShort("V"), .long], help: "Recreate anonymous volumes instead of retrieving data from the previous containers")
    var renewAnonVolumes = false

    @Option(help: ArgumentHelp("Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.", valueName: "SERVICE=NUM"))
    var scale: [String] = []

    @Option(help: "Pull image before running (\"always\"|\"missing\"|\"never\")")
    var pull: String?

    @Flag(help: "Build images before starting containers")
    var build = false

    @Flag(help: "Don't build an image, even if it's policy")
    var noBuild = false

    @Flag(name: [.customShort("y"), .long], help: "Assume \"yes\" as answer to all prompts and run non-interactively")
    var yes = false

    func validate() throws {
        if forceRecreate && noRecreate {
            throw ValidationError("--force-recreate and --no-recreate are incompatible")
        }
        if alwaysRecreateDeps && noRecreate {
            throw ValidationError("--always-recreate-deps and --no-recreate are incompatible")
        }
        if build && noBuild {
            throw ValidationError("--build and --no-build are incompatible")
        }
        if let pull, PlanOptions.PullOverride(rawValue: pull) == nil {
            throw ValidationError("invalid --pull option \"\(pull)\": use always, missing or never")
        }
        _ = try scaleOverrides()
    }

    /// `--scale web=3` as a map.
    func scaleOverrides() throws -> [String: Int] {
        var result: [String: Int] = [:]
        for item in scale {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let count = Int(parts[1]), count >= 0 else {
                throw ValidationError("invalid --scale \"\(item)\": use SERVICE=NUM")
            }
            result[parts[0]] = count
        }
        return result
    }

    func planOptions(services: [String], noStart: Bool = false, timeout: Int? = nil) -> PlanOptions {
        var options = PlanOptions()
        options.services = services.isEmpty ? nil : services
        options.noDeps = noDeps
        options.forceRecreate = forceRecreate
        options.noRecreate = noRecreate
        options.alwaysRecreateDeps = alwaysRecreateDeps
        options.removeOrphans = removeOrphans
        options.renewAnonVolumes = renewAnonVolumes
        options.pull = pull.flatMap(PlanOptions.PullOverride.init(rawValue:))
        options.build = build
        options.noBuild = noBuild
        options.confirmVolumeRecreate = yes
        options.noStart = noStart
        options.timeout = timeout
        return options
    }
}
