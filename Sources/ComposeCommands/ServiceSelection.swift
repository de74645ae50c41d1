import ComposeModel

/// Narrows a project document to named services and everything they depend on, like
/// `docker compose config web`.
enum ServiceSelection {
    static func restrict(_ document: ComposeNode, to names: [String]) throws -> ComposeNode {
        guard !names.isEmpty, let services = document["services"]?.mapping else { return document }
        var keep = Set<String>()
        var pending = names
        while let name = pending.popLast() {
            guard !keep.contains(name) else { continue }
            guard let service = services[name] else {
                throw CommandFailure("no such service: \(name)")
            }
            keep.insert(name)
            pending += service["depends_on"]?.mapping?.keys ?? []
        }
        var kept = ComposeMapping()
        for (name, service) in services where keep.contains(name) {
            kept.set(name, service, keyLocation: services.keyLocation(name))
        }
        var result = document
        result["services"] = .mapping(kept, at: document["services"]?.location)
        return result
    }

    static func serviceNames(_ document: ComposeNode) -> [String] {
        (document["services"]?.mapping?.keys ?? []).sorted()
    }
}
