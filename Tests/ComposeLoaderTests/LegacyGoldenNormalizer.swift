import ComposeModel
import Foundation

/// Brings a converted service and docker-compose 1.29.2's printed service to one comparable form: the
/// normalisations v1 applied while printing (paths, list forms, port ranges, env_file, the `:rw` mode,
/// `service:`/`container:` prefixes) are applied to both sides; the deliberate differences documented in
/// Fixtures/legacy/README.md are removed.
enum LegacyGoldenNormalizer {
    static func normalize(_ service: ComposeMapping, fixtureDirectory: String) throws -> ComposeMapping {
        var out = ComposeMapping()
        for (key, node) in service {
            switch key {
            case "depends_on", "volume_driver":
                // Written from links / moved to the volume declarations: checked by their own tests.
                continue
            case "network_mode" where node.string == "bridge":
                continue
            case "build":
                out[key] = build(node)
            case "ports":
                out[key] = .sequence((node.sequence ?? []).flatMap { ports($0.scalarText ?? "") }.map { .string($0) })
            case "volumes_from":
                out[key] = .sequence((node.sequence ?? []).map { .string(volumesFrom($0.string ?? "")) })
            case "volumes":
                out[key] = .sequence((node.sequence ?? []).map { .string(volume($0.string ?? "")) })
            case "labels":
                out[key] = .mapping(dictionary(node, placeholderForMissing: ""))
            case "environment":
                continue
            case "env_file":
                continue
            case "dns", "dns_search":
                out[key] = node.sequence != nil ? node : .sequence([node])
            default:
                out[key] = node
            }
        }
        var environment = ComposeMapping()
        for file in envFiles(service["env_file"]) {
            let text = try String(contentsOf: URL(fileURLWithPath: fixtureDirectory).appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let pair = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                environment[String(pair[0])] = .string(pair.count > 1 ? String(pair[1]) : "")
            }
        }
        if let declared = service["environment"] {
            for (name, value) in dictionary(declared, placeholderForMissing: nil) {
                environment[name] = value
            }
        }
        if !environment.isEmpty {
            out["environment"] = .mapping(environment)
        }
        out.sortKeys()
        return out
    }

    private static func envFiles(_ node: ComposeNode?) -> [String] {
        guard let node else { return [] }
        if let file = node.string { return [file] }
        return (node.sequence ?? []).compactMap(\.string)
    }

    /// `KEY=VALUE` lists and mappings alike, values as strings.
    private static func dictionary(_ node: ComposeNode, placeholderForMissing: String?) -> ComposeMapping {
        var out = ComposeMapping()
        if let items = node.sequence {
            for item in items {
                let pair = (item.string ?? "").split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                out[String(pair[0])] = pair.count > 1 ? .string(String(pair[1])) : placeholderForMissing.map { .string($0) } ?? .null()
            }
        } else if let mapping = node.mapping {
            for (key, value) in mapping {
                out[key] = value.scalarText.map { .string($0) } ?? value
            }
        }
        return out
    }

    private static func build(_ node: ComposeNode) -> ComposeNode {
        var mapping = node.mapping ?? ComposeMapping([("context", node)])
        if let context = mapping["context"]?.string, !context.hasPrefix(LegacyFixtures.directoryPlaceholder) {
            mapping["context"] = .string(LegacyFixtures.directoryPlaceholder + "/" + strippingDotSlash(context))
        }
        return .mapping(mapping)
    }

    private static func strippingDotSlash(_ path: String) -> String {
        path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    }

    /// `[ip:][host:]container[/proto]`, ranges expanded, protocol explicit (v1's printed form).
    private static func ports(_ text: String) -> [String] {
        var spec = text
        var proto = "tcp"
        if let slash = spec.lastIndex(of: "/") {
            proto = String(spec[spec.index(after: slash)...])
            spec = String(spec[..<slash])
        }
        var parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let container = expand(parts.removeLast())
        let host = parts.popLast().map(expand)
        let prefix = parts.isEmpty ? "" : parts.joined(separator: ":") + ":"
        return container.enumerated().map { index, port in
            let published = host.map { $0.count == container.count ? $0[index] : $0.first ?? "" }
            return prefix + (published.map { $0 + ":" } ?? "") + port + "/" + proto
        }
    }

    private static func expand(_ range: String) -> [String] {
        let bounds = range.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2 else { return [range] }
        return (bounds[0]...bounds[1]).map(String.init)
    }

    /// `type:name:mode`.
    private static func volumesFrom(_ text: String) -> String {
        let parts = text.split(separator: ":").map(String.init)
        if parts.first == "service" || parts.first == "container" {
            return parts.count == 2 ? text + ":rw" : text
        }
        return "service:" + parts[0] + ":" + (parts.count > 1 ? parts[1] : "rw")
    }

    /// `source:target:mode` when a source is given (v1 printed `:rw`), sources without `./`.
    private static func volume(_ text: String) -> String {
        var parts = text.split(separator: ":").map(String.init)
        guard parts.count >= 2 else { return text }
        parts[0] = strippingDotSlash(parts[0])
        if parts.count == 2 { parts.append("rw") }
        return parts.joined(separator: ":")
    }
}
