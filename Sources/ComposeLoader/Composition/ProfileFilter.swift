import ComposeModel

/// Selects the services of a run: services with `profiles` are disabled unless one of their profiles is
/// enabled (`*` enables all); services named on the command line enable their profiles and are kept with
/// their dependencies only; resources no kept service uses are dropped
/// (compose-go's WithProfiles, then docker compose's WithServicesEnabled, WithSelectedServices and
/// WithoutUnnecessaryResources).
public enum ProfileFilter {
    /// The outcome of profile selection: the document with the enabled services only, the disabled
    /// services (by name, in file order; the consistency check needs them) and the profiles enabled.
    public struct Split: Sendable {
        public var project: ComposeNode
        public var disabled: ComposeMapping
        public var profiles: [String]
        /// The document before selection (naming a disabled service re-selects from it).
        public var original: ComposeNode
    }

    /// Profiles, then the services named on the command line, then unused resources, in one step.
    public static func apply(
        _ project: ComposeNode,
        profiles: [String],
        requestedServices: [String],
        keepUnusedResources: Bool = false
    ) throws -> ComposeNode {
        try select(withProfiles(project, profiles: profiles), requestedServices: requestedServices,
                   keepUnusedResources: keepUnusedResources)
    }

    /// The second half of `apply`, run after the consistency check of `split.project` (as docker compose
    /// checks the project before it narrows it to the services named on the command line): a named service
    /// that is disabled enables its profiles; only the named services and their dependencies stay; resources
    /// no remaining service uses are dropped unless `keepUnusedResources` (`--all-resources`).
    public static func select(_ split: Split, requestedServices: [String], keepUnusedResources: Bool = false) throws -> ComposeNode {
        var project = split.project
        if !requestedServices.isEmpty {
            var enabledProfiles = split.profiles
            for name in requestedServices where split.project["services"]?[name] == nil {
                for profile in split.disabled[name]?["profiles"]?.sequence ?? [] {
                    if let text = profile.scalarText { enabledProfiles.append(text) }
                }
            }
            project = try selecting(requestedServices, in: withProfiles(split.original, profiles: enabledProfiles).project)
        }
        return keepUnusedResources ? project : withoutUnusedResources(project)
    }

    /// Every profile named by a service, sorted and without repeats (`config --profiles`).
    public static func allProfiles(in project: ComposeNode) -> [String] {
        var names = Set<String>()
        for (_, service) in project["services"]?.mapping ?? ComposeMapping() {
            for profile in service["profiles"]?.sequence ?? [] {
                if let text = profile.scalarText { names.insert(text) }
            }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Whether `service` runs with `profiles` enabled.
    public static func isEnabled(_ service: ComposeNode, profiles: [String]) -> Bool {
        guard let own = service["profiles"]?.sequence, !own.isEmpty else { return true }
        if profiles.contains("*") { return true }
        let wanted = Set(profiles)
        return own.contains { $0.scalarText.map(wanted.contains) ?? false }
    }

    /// compose-go's WithProfiles: the enabled services stay, the others are set aside.
    public static func withProfiles(_ project: ComposeNode, profiles: [String]) -> Split {
        guard let servicesNode = project["services"], let services = servicesNode.mapping else {
            return Split(project: project, disabled: ComposeMapping(), profiles: profiles, original: project)
        }
        var enabled = ComposeMapping()
        var disabled = ComposeMapping()
        for (name, service) in services {
            if isEnabled(service, profiles: profiles) {
                enabled.set(name, service, keyLocation: services.keyLocation(name))
            } else {
                disabled.set(name, service, keyLocation: services.keyLocation(name))
            }
        }
        guard !disabled.isEmpty else { return Split(project: project, disabled: disabled, profiles: profiles, original: project) }
        var result = project
        var node = servicesNode
        node.value = .mapping(enabled)
        result["services"] = node
        return Split(project: result, disabled: disabled, profiles: profiles, original: project)
    }

    /// compose-go's WithSelectedServices: the named services and their dependencies (recursively); a
    /// dependency that is missing is an error unless it is not required. Dependencies on services left out
    /// are removed from the kept ones.
    static func selecting(_ names: [String], in project: ComposeNode) throws -> ComposeNode {
        guard let servicesNode = project["services"], let services = servicesNode.mapping else { return project }
        var selected = Set<String>()
        var pending: [(name: String, required: Bool, location: SourceLocation?)] = names.map { ($0, true, nil) }
        while let next = pending.popLast() {
            guard let service = services[next.name] else {
                if next.required {
                    throw DiagnosticError(.error(at: next.location, "no such service: \(next.name)"))
                }
                continue
            }
            guard selected.insert(next.name).inserted else { continue }
            for (dependency, options) in service["depends_on"]?.mapping ?? ComposeMapping() {
                let required = options["required"]?.bool ?? true
                pending.append((dependency, required, options.location))
            }
        }
        var kept = ComposeMapping()
        for (name, service) in services where selected.contains(name) {
            var copy = service
            if var dependsOn = service["depends_on"]?.mapping {
                for dependency in dependsOn.keys where !selected.contains(dependency) {
                    dependsOn.removeValue(forKey: dependency)
                }
                copy["depends_on"] = .mapping(dependsOn, at: service["depends_on"]?.location)
            }
            kept.set(name, copy, keyLocation: services.keyLocation(name))
        }
        var result = project
        var node = servicesNode
        node.value = .mapping(kept)
        result["services"] = node
        return result
    }

    /// docker compose's WithoutUnnecessaryResources: networks, volumes, secrets, configs and models that no
    /// remaining service refers to are dropped (an empty section disappears).
    public static func withoutUnusedResources(_ project: ComposeNode) -> ComposeNode {
        var used: [String: Set<String>] = ["networks": [], "volumes": [], "secrets": [], "configs": [], "models": []]
        for (_, service) in project["services"]?.mapping ?? ComposeMapping() {
            used["networks", default: []].formUnion(service["networks"]?.mapping?.keys ?? [])
            used["models", default: []].formUnion(service["models"]?.mapping?.keys ?? [])
            for volume in service["volumes"]?.sequence ?? [] {
                guard volume["type"]?.string == "volume", let source = volume["source"]?.string, !source.isEmpty else { continue }
                used["volumes", default: []].insert(source)
            }
            let secrets = (service["secrets"]?.sequence ?? []) + (service["build"]?["secrets"]?.sequence ?? [])
            for secret in secrets {
                if let source = secret["source"]?.string { used["secrets", default: []].insert(source) }
            }
            for config in service["configs"]?.sequence ?? [] {
                if let source = config["source"]?.string { used["configs", default: []].insert(source) }
            }
        }
        guard var root = project.mapping else { return project }
        for (section, names) in used {
            guard let node = root[section] else { continue }
            guard let resources = node.mapping else { continue }
            var kept = ComposeMapping()
            for (name, resource) in resources where names.contains(name) {
                kept.set(name, resource, keyLocation: resources.keyLocation(name))
            }
            if kept.isEmpty {
                root.removeValue(forKey: section)
            } else if kept.count != resources.count {
                var copy = node
                copy.value = .mapping(kept)
                root[section] = copy
            }
        }
        var result = project
        result.value = .mapping(root)
        return result
    }
}
