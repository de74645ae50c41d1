import ComposeModel
import Foundation

extension ProjectNormalizer {
    public static func resolvePaths(_ project: ComposeNode, workingDirectory: String) throws -> ComposeNode {
        try resolvePaths(project, workingDirectory: workingDirectory, home: ProcessInfo.processInfo.environment["HOME"])
    }

    /// compose-go's paths.ResolveRelativePaths: relative local paths become absolute against the project
    /// directory, `~` expands to `home`; URLs, git contexts and `service:` contexts are left alone.
    public static func resolvePaths(_ project: ComposeNode, workingDirectory: String, home: String?) throws -> ComposeNode {
        guard var top = project.mapping else { return project }
        let resolver = PathResolver(workingDirectory: workingDirectory, home: home)
        var problems: [Diagnostic] = []
        if let servicesNode = top["services"], var services = servicesNode.mapping {
            for name in services.keys {
                guard let service = services[name], let map = service.mapping else { continue }
                let resolved = resolver.service(map, path: "services.\(name)", problems: &problems)
                services.set(name, service.with(.mapping(resolved)), keyLocation: services.keyLocation(name))
            }
            top.set("services", servicesNode.with(.mapping(services)), keyLocation: top.keyLocation("services"))
        }
        for kind in ["configs", "secrets"] {
            guard let node = top[kind], var resources = node.mapping else { continue }
            for key in resources.keys {
                guard let resource = resources[key], var map = resource.mapping, let file = map["file"] else { continue }
                map["file"] = resolver.maybeUnixPath(file)
                resources.set(key, resource.with(.mapping(map)), keyLocation: resources.keyLocation(key))
            }
            top.set(kind, node.with(.mapping(resources)), keyLocation: top.keyLocation(kind))
        }
        if let node = top["volumes"], var volumes = node.mapping {
            for key in volumes.keys {
                guard let volume = volumes[key], var map = volume.mapping, map["driver"]?.string == "local",
                      let optionsNode = map["driver_opts"], var options = optionsNode.mapping,
                      options["o"]?.string == "bind", let device = options["device"]
                else { continue }
                options["device"] = resolver.maybeUnixPath(device)
                map["driver_opts"] = optionsNode.with(.mapping(options))
                volumes.set(key, volume.with(.mapping(map)), keyLocation: volumes.keyLocation(key))
            }
            top.set("volumes", node.with(.mapping(volumes)), keyLocation: top.keyLocation("volumes"))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return project.with(.mapping(top))
    }
}

/// The path rules of one project directory.
struct PathResolver {
    var workingDirectory: String
    var home: String?

    func service(_ input: ComposeMapping, path: String, problems: inout [Diagnostic]) -> ComposeMapping {
        var service = input
        if let build = service["build"], var map = build.mapping {
            if let context = map["context"] { map["context"] = contextPath(context) }
            if let contexts = map["additional_contexts"], var contextMap = contexts.mapping {
                for key in contextMap.keys {
                    if let value = contextMap[key] { contextMap.set(key, contextPath(value), keyLocation: contextMap.keyLocation(key)) }
                }
                map["additional_contexts"] = contexts.with(.mapping(contextMap))
            }
            if let ssh = map["ssh"], var sshMap = ssh.mapping {
                for key in sshMap.keys {
                    if let value = sshMap[key] { sshMap.set(key, maybeUnixPath(value), keyLocation: sshMap.keyLocation(key)) }
                }
                map["ssh"] = ssh.with(.mapping(sshMap))
            }
            service["build"] = build.with(.mapping(map))
        }
        if let envFiles = service["env_file"], let items = envFiles.sequence {
            service["env_file"] = envFiles.with(.sequence(items.map { item in
                guard var map = item.mapping, let file = map["path"] else { return item }
                map["path"] = absolutePath(file)
                return item.with(.mapping(map))
            }))
        }
        if let labelFiles = service["label_file"], let items = labelFiles.sequence {
            service["label_file"] = labelFiles.with(.sequence(items.map(absolutePath)))
        }
        if let extends = service["extends"], var map = extends.mapping, let file = map["file"] {
            if let text = file.string, Self.isRemoteResource(text) {
                // remote extends files are fetched by their loader, not resolved here
            } else {
                map["file"] = absolutePath(file)
                service["extends"] = extends.with(.mapping(map))
            }
        }
        if let develop = service["develop"], var map = develop.mapping, let watch = map["watch"], let triggers = watch.sequence {
            map["watch"] = watch.with(.sequence(triggers.map { trigger in
                guard var triggerMap = trigger.mapping, let file = triggerMap["path"] else { return trigger }
                triggerMap["path"] = resolveSymbolicLink(absolutePath(file))
                return trigger.with(.mapping(triggerMap))
            }))
            service["develop"] = develop.with(.mapping(map))
        }
        if let volumes = service["volumes"], let items = volumes.sequence {
            var resolved: [ComposeNode] = []
            for (index, item) in items.enumerated() {
                guard var map = item.mapping, map["type"]?.string == "bind" else {
                    resolved.append(item)
                    continue
                }
                guard let source = map["source"] else {
                    problems.append(.error(at: item.location, path: "\(path).volumes[\(index)]",
                                           "invalid mount config for type \"bind\": field Source must not be empty"))
                    resolved.append(item)
                    continue
                }
                map["source"] = maybeUnixPath(source)
                resolved.append(item.with(.mapping(map)))
            }
            service["volumes"] = volumes.with(.sequence(resolved))
        }
        return service
    }

    func expandUser(_ path: String) -> String {
        guard path.hasPrefix("~"), let home else { return path }
        return FilePaths.join(home, String(path.dropFirst()))
    }

    /// compose-go's absPath.
    func absolutePath(_ node: ComposeNode) -> ComposeNode {
        guard let text = node.string else { return node }
        let expanded = expandUser(text)
        if FilePaths.isAbsolute(expanded) { return node.with(.string(expanded)) }
        if expanded.isEmpty { return node }
        return node.with(.string(FilePaths.join(workingDirectory, expanded)))
    }

    /// compose-go's maybeUnixPath: Windows-absolute paths stay as written.
    func maybeUnixPath(_ node: ComposeNode) -> ComposeNode {
        guard let text = node.string else { return node }
        let expanded = expandUser(text)
        if FilePaths.isAbsolute(expanded) || FilePaths.isWindowsAbsolute(expanded) { return node.with(.string(expanded)) }
        return node.with(.string(FilePaths.join(workingDirectory, expanded)))
    }

    func contextPath(_ node: ComposeNode) -> ComposeNode {
        guard let text = node.string else { return node }
        if text.contains("://") || text.hasPrefix("service:") || Self.isRemoteContext(text) { return node }
        return absolutePath(node)
    }

    static func isRemoteContext(_ text: String) -> Bool {
        ["https://", "http://", "git://", "ssh://", "github.com/", "git@"].contains { text.hasPrefix($0) }
    }

    /// What docker compose's git and OCI loaders accept (their files are not local paths).
    static func isRemoteResource(_ text: String) -> Bool {
        if text.hasPrefix("oci://") { return true }
        return text.hasPrefix("git@") || text.hasPrefix("https://github.com/") || text.hasPrefix("git://")
            || (text.hasPrefix("https://") && text.contains(".git"))
    }

    func resolveSymbolicLink(_ node: ComposeNode) -> ComposeNode {
        guard let text = node.string,
              let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: text)
        else { return node }
        let target = FilePaths.isAbsolute(destination)
            ? destination
            : FilePaths.join((text as NSString).deletingLastPathComponent, destination)
        return node.with(.string(target))
    }
}
