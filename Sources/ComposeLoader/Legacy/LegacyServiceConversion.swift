import ComposeModel

/// Converts the services of one version-1 document, one at a time, gathering the report, the errors and
/// the named volumes the services use (version 1 never declared them).
struct LegacyServiceConversion: Sendable {
    /// Every service of the project as far as it is known: decides whether `x` in `net: container:x` or
    /// `volumes_from: [x]` is a service or a container, as version 1 did.
    let serviceNames: Set<String>
    var report = LegacyConversionReport()
    var errors: [Diagnostic] = []
    /// Named volumes in first-use order, where each was first mounted.
    var namedVolumes: [(name: String, location: SourceLocation?)] = []
    var knownVolumes: Set<String> = []
    /// The driver a `volume_driver` gave a named volume, and the service that gave it.
    var volumeDrivers: [String: (driver: ComposeNode, service: String)] = [:]

    init(serviceNames: Set<String>) {
        self.serviceNames = serviceNames
    }

    /// The service's attributes in the current format, in their original order; a renamed attribute
    /// takes the place of the version-1 one.
    mutating func convert(service: ComposeMapping, named name: String) -> ComposeMapping {
        var out = ComposeMapping()
        for (key, node) in service {
            let keyLocation = service.keyLocation(key)
            switch key {
            case "links":
                out.set(key, node, keyLocation: keyLocation)
                if let dependsOn = dependencies(fromLinks: node) {
                    out.set("depends_on", dependsOn, keyLocation: keyLocation)
                    report.record(.links, name)
                }
            case "net":
                out.set("network_mode", networkMode(node), keyLocation: keyLocation)
                report.record(.net, name)
            case "volumes_from":
                let (converted, changed) = volumesFrom(node, service: name)
                out.set(key, converted, keyLocation: keyLocation)
                if changed { report.record(.volumesFrom, name) }
            case "log_driver", "log_opt":
                var logging = out["logging"]?.mapping ?? ComposeMapping()
                logging.set(key == "log_driver" ? "driver" : "options", node, keyLocation: keyLocation)
                let at = out["logging"]?.location ?? keyLocation
                out.set("logging", ComposeNode(.mapping(logging), at: at), keyLocation: out.keyLocation("logging") ?? keyLocation)
                report.record(.logging, name)
            case "build":
                out.set(key, build(node, dockerfile: service["dockerfile"], dockerfileKey: service.keyLocation("dockerfile"), service: name), keyLocation: keyLocation)
            case "dockerfile":
                if service["build"] == nil {
                    errors.append(.error(at: keyLocation, path: "\(name).dockerfile",
                                         "dockerfile needs build: version 1 only used it to name the Dockerfile of the build context"))
                }
            case "volumes":
                out.set(key, node, keyLocation: keyLocation)
                collectNamedVolumes(node)
            case "volume_driver":
                assignVolumeDriver(node, keyLocation: keyLocation, volumes: service["volumes"], service: name)
            default:
                if LegacyAttributes.service.contains(key) || LegacyAttributes.isExtension(key) {
                    out.set(key, node, keyLocation: keyLocation)
                } else {
                    errors.append(.error(at: keyLocation, path: "\(name).\(key)",
                                         "\"\(key)\" is not a version 1 service attribute; to use the current format, put the services under a top-level services: key"))
                }
            }
        }
        return out
    }

    /// Version 1 started linked services first; written as the dependency the current loader would
    /// imply for a link, so the result is the same whether or not it is written.
    private func dependencies(fromLinks node: ComposeNode) -> ComposeNode? {
        guard let links = node.sequence else { return nil }
        var dependsOn = ComposeMapping()
        for link in links {
            guard let text = link.string else { continue }
            let target = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? text
            guard !target.isEmpty, dependsOn[target] == nil else { continue }
            var condition = ComposeMapping()
            condition.set("condition", .string("service_started", at: link.location), keyLocation: link.location)
            condition.set("restart", .bool(true, at: link.location), keyLocation: link.location)
            condition.set("required", .bool(true, at: link.location), keyLocation: link.location)
            dependsOn.set(target, ComposeNode(.mapping(condition), at: link.location), keyLocation: link.location)
        }
        return dependsOn.isEmpty ? nil : ComposeNode(.mapping(dependsOn), at: node.location)
    }

    /// `net: container:x` named a service when one is called `x` (version 1's rule); every other value
    /// already means the same as `network_mode`.
    private func networkMode(_ node: ComposeNode) -> ComposeNode {
        guard let text = node.string, text.hasPrefix("container:") else { return node }
        let target = String(text.dropFirst("container:".count))
        guard serviceNames.contains(target) else { return node }
        return .string("service:\(target)", at: node.location)
    }

    /// Version 1 wrote `source[:mode]`, the source being a service when one has that name and a
    /// container otherwise; the current form spells containers `container:name[:mode]`.
    private mutating func volumesFrom(_ node: ComposeNode, service: String) -> (ComposeNode, Bool) {
        guard let entries = node.sequence else { return (node, false) }
        var changed = false
        var converted: [ComposeNode] = []
        converted.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            guard let text = entry.string else {
                converted.append(entry)
                continue
            }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if parts[0] == "container" || parts[0] == "service", parts.count >= 2, !serviceNames.contains(parts[0]) {
                // Already the current form (version 1 would have misread it as a container called "container").
                converted.append(entry)
                continue
            }
            guard parts.count <= 2, !parts[0].isEmpty else {
                errors.append(.error(at: entry.location, path: "\(service).volumes_from[\(index)]",
                                     "invalid volumes_from \"\(text)\": version 1 expects service_or_container[:ro|rw]"))
                converted.append(entry)
                continue
            }
            if parts.count == 2, parts[1] != "ro", parts[1] != "rw" {
                errors.append(.error(at: entry.location, path: "\(service).volumes_from[\(index)]",
                                     "invalid volumes_from mode \"\(parts[1])\": must be ro or rw"))
            }
            if serviceNames.contains(parts[0]) || parts[0].contains("$") {
                converted.append(entry)
            } else {
                converted.append(.string("container:\(text)", at: entry.location))
                changed = true
            }
        }
        return (ComposeNode(.sequence(converted), at: node.location), changed)
    }

    /// `build: path` plus `dockerfile: name` became one `build` mapping.
    private mutating func build(_ node: ComposeNode, dockerfile: ComposeNode?, dockerfileKey: SourceLocation?, service: String) -> ComposeNode {
        guard let dockerfile else { return node }
        report.record(.dockerfile, service)
        if var mapping = node.mapping {
            if mapping["dockerfile"] != nil {
                errors.append(.error(at: dockerfileKey, path: "\(service).dockerfile",
                                     "dockerfile is given twice: here and in build.dockerfile"))
                return node
            }
            mapping.set("dockerfile", dockerfile, keyLocation: dockerfileKey)
            return ComposeNode(.mapping(mapping), at: node.location)
        }
        var mapping = ComposeMapping()
        mapping.set("context", node, keyLocation: node.location)
        mapping.set("dockerfile", dockerfile, keyLocation: dockerfileKey)
        return ComposeNode(.mapping(mapping), at: node.location)
    }
}
