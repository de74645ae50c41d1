import ComposeModel

extension ProjectNormalizer {
    /// Converts values to the form compose-go's typed model gives them and its JSON marshalling prints:
    /// byte sizes and durations as text, `omitempty` fields dropped, `command`/`entrypoint` always
    /// present, service-level `x-` extensions dropped, top-level ones kept, keys in Go's order.
    public static func typed(_ project: ComposeNode) throws -> ComposeNode {
        try typed(project, format: .json)
    }

    /// The same for one output format. A typed tree can be typed again, so the JSON form the loader
    /// returns can be turned into the YAML one (except for the service-level `x-` keys JSON drops).
    public static func typed(_ project: ComposeNode, format: TypedFormat) throws -> ComposeNode {
        guard let top = project.mapping else { return project }
        var decoder = TypedDecoder(format: format)
        var result: [(String, ComposeNode)] = []
        result.append(("name", .string(top["name"].map(GoFormat.sprint) ?? "", at: top["name"]?.location)))
        result.append(("services", decoder.decode(top["services"] ?? .mapping(ComposeMapping()), .map(.service), path: "services").node))
        var resources: [(String, TypedShape)] = [
            ("networks", .network), ("volumes", .volume), ("secrets", .fileObject), ("configs", .fileObject),
        ]
        if format == .yaml { resources.append(("models", .model)) }
        for (kind, shape) in resources {
            guard let node = top[kind], let map = node.mapping, !map.isEmpty else { continue }
            var decoded = decoder.decode(node, .map(shape), path: kind).node
            if kind == "secrets" || kind == "configs" {
                decoded = hideContent(decoded, secrets: kind == "secrets")
            }
            result.append((kind, decoded))
        }
        var extensions: [(String, ComposeNode)] = []
        for (key, value) in top where key.hasPrefix("x-") {
            extensions.append((key, decoder.sortedRaw(value)))
        }
        if format == .json {
            result += extensions
            result.sort { GoFormat.byteOrder($0.0, $1.0) }
        } else {
            // struct fields in declaration order, then the inline extensions in key order
            result += extensions.sorted { YAMLRenderer.keyPrecedes($0.0, $1.0) }
        }
        if !decoder.problems.isEmpty { throw DiagnosticError(decoder.problems) }
        var mapping = ComposeMapping()
        for (key, value) in result { mapping.set(key, value, keyLocation: top.keyLocation(key)) }
        return project.with(.mapping(mapping))
    }

    /// Secrets never print their content; configs drop it when it came from `environment`.
    private static func hideContent(_ node: ComposeNode, secrets: Bool) -> ComposeNode {
        guard var map = node.mapping else { return node }
        for key in map.keys {
            guard let entry = map[key], var fields = entry.mapping else { continue }
            if secrets || fields["environment"] != nil {
                fields.removeValue(forKey: "content")
                map.set(key, entry.with(.mapping(fields)), keyLocation: map.keyLocation(key))
            }
        }
        return node.with(.mapping(map))
    }
}
