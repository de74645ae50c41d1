import ComposeModel

/// Checks a normalised project for problems across its parts (compose-go's `checkConsistency`): references to
/// undefined networks, volumes, secrets, configs, models and services, dependency cycles, conflicting
/// attributes, services with nothing to run. Every problem is reported, at the key or value that causes it.
public enum ConsistencyChecker {
    /// - Parameter disabledServices: services left out by profile selection; a dependency on one of them is
    ///   only an error when it is `required`. When nil (not known), every missing dependency that is not
    ///   `required` is assumed to be a disabled one.
    public static func check(_ project: ComposeNode, disabledServices: Set<String>? = nil) -> [Diagnostic] {
        var checker = ConsistencyRun(project: project, disabledServices: disabledServices)
        checker.run()
        return checker.problems
    }
}

/// One consistency pass over a project document.
struct ConsistencyRun {
    let project: ComposeNode
    let disabledServices: Set<String>?
    let services: ComposeMapping
    var problems: [Diagnostic] = []

    init(project: ComposeNode, disabledServices: Set<String>?) {
        self.project = project
        self.disabledServices = disabledServices
        services = project["services"]?.mapping ?? ComposeMapping()
    }

    mutating func error(_ location: SourceLocation?, _ path: String, _ message: String) {
        problems.append(.error(at: location, path: path, message))
    }

    func topLevelNames(_ key: String) -> ComposeMapping {
        project[key]?.mapping ?? ComposeMapping()
    }

    mutating func run() {
        let networks = topLevelNames("networks")
        let volumes = topLevelNames("volumes")
        let secrets = topLevelNames("secrets")
        let configs = topLevelNames("configs")
        let models = topLevelNames("models")
        for (name, service) in services {
            let path = "services.\(name)"
            let here = services.keyLocation(name) ?? service.location
            guard service.mapping != nil else { continue }
            checkRunnable(name, service, path: path, at: here)
            checkBuild(name, service, path: path)
            checkNetworks(name, service, path: path, defined: networks)
            checkHealthcheck(service, path: path)
            checkDependencies(name, service, path: path)
            checkVolumes(name, service, path: path, defined: volumes)
            checkReferences(name, service["build"]?["secrets"], kind: "build secret", path: "\(path).build.secrets", defined: secrets)
            checkReferences(name, service["configs"], kind: "config", path: "\(path).configs", defined: configs)
            checkReferences(name, service["models"], kind: "model", path: "\(path).models", defined: models)
            checkReferences(name, service["secrets"], kind: "secret", path: "\(path).secrets", defined: secrets)
            checkScale(name, service, path: path, at: here)
            checkResources(service, path: path, at: here)
            checkWatch(service, path: path)
            checkMountTargets(service, path: path)
        }
        checkSecretSources(secrets)
        checkContainerNames()
        checkDependencyCycles()
    }

    mutating func checkRunnable(_ name: String, _ service: ComposeNode, path: String, at location: SourceLocation?) {
        let image = service["image"]?.scalarText ?? ""
        if image.isEmpty, service["build"] == nil, service["provider"] == nil {
            error(location, path, "service \"\(name)\" has neither an image nor a build context specified")
        }
    }

    mutating func checkBuild(_ name: String, _ service: ComposeNode, path: String) {
        guard let build = service["build"], build.mapping != nil else { return }
        if let inline = build["dockerfile_inline"]?.string, !inline.isEmpty,
           let dockerfile = build["dockerfile"]?.string, !dockerfile.isEmpty {
            error(build["dockerfile_inline"]?.location ?? build.location, "\(path).build",
                  "service \"\(name)\" declares mutually exclusive dockerfile and dockerfile_inline")
        }
        for entry in ConsistencyValues.keyValues(build["additional_contexts"]) {
            guard entry.value.hasPrefix("service:") else { continue }
            let target = String(entry.value.dropFirst("service:".count))
            let entryPath = "\(path).build.additional_contexts.\(entry.key)"
            if let targetService = services[target] {
                if targetService["build"] == nil {
                    error(entry.location, entryPath, "service \"\(name)\" declares non-buildable service \"\(target)\" as additional contexts \(entry.key)")
                }
            } else {
                error(entry.location, entryPath, "service \"\(name)\" declares unknown service \"\(target)\" as additional contexts \(entry.key)")
            }
        }
        if let platforms = build["platforms"]?.sequence, !platforms.isEmpty,
           let platform = service["platform"]?.string, !platform.isEmpty,
           !platforms.contains(where: { $0.string == platform }) {
            error(build["platforms"]?.location ?? build.location, "\(path).build.platforms",
                  "service.build.platforms MUST include service.platform \"\(platform)\"")
        }
    }

    mutating func checkNetworks(_ name: String, _ service: ComposeNode, path: String, defined: ComposeMapping) {
        let joined = ConsistencyValues.names(service["networks"])
        if let mode = service["network_mode"], let text = mode.string, !text.isEmpty {
            if !joined.isEmpty {
                error(mode.location, "\(path).network_mode", "service \(name) declares mutually exclusive `network_mode` and `networks`")
            }
            if text.hasPrefix("service:") {
                let target = String(text.dropFirst("service:".count))
                if services[target] == nil {
                    error(mode.location, "\(path).network_mode", "service \"\(target)\" not found for network_mode 'service:\(target)'")
                }
            }
        }
        for network in joined where defined[network.name] == nil {
            error(network.location, "\(path).networks", "service \"\(name)\" refers to undefined network \(network.name)")
        }
    }

    mutating func checkHealthcheck(_ service: ComposeNode, path: String) {
        guard let test = service["healthcheck"]?["test"], let first = test.sequence?.first, let word = first.string else { return }
        if !["CMD", "CMD-SHELL", "NONE"].contains(word) {
            error(first.location ?? test.location, "\(path).healthcheck.test", "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"")
        }
    }

    mutating func checkDependencies(_ name: String, _ service: ComposeNode, path: String) {
        for dependency in ConsistencyValues.names(service["depends_on"]) where services[dependency.name] == nil {
            let required = dependency.node?["required"]?.bool ?? true
            if !required, disabledServices?.contains(dependency.name) ?? true { continue }
            error(dependency.location, "\(path).depends_on", "service \"\(name)\" depends on undefined service \"\(dependency.name)\"")
        }
    }

    mutating func checkVolumes(_ name: String, _ service: ComposeNode, path: String, defined: ComposeMapping) {
        for (index, mount) in (service["volumes"]?.sequence ?? []).enumerated() {
            guard mount["type"]?.string == "volume", let source = mount["source"], let text = source.string, !text.isEmpty else { continue }
            if defined[text] == nil {
                error(source.location ?? mount.location, "\(path).volumes[\(index)]", "service \"\(name)\" refers to undefined volume \(text)")
            }
        }
    }

    /// Secrets, configs, build secrets (`source`s, short or long form) and models (names) of a service.
    mutating func checkReferences(_ name: String, _ value: ComposeNode?, kind: String, path: String, defined: ComposeMapping) {
        for reference in ConsistencyValues.names(value, sourceKey: "source") where defined[reference.name] == nil {
            error(reference.location, path, "service \"\(name)\" refers to undefined \(kind) \(reference.name)")
        }
    }
}
