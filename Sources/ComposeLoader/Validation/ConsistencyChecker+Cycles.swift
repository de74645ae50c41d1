import ComposeModel

extension ConsistencyRun {
    /// Reports `depends_on` cycles as `a -> b -> c -> a`.
    ///
    /// Services and their dependencies are visited in name order, like compose-go, so the cycle printed is the
    /// one the reference prints. A depth-first search with three colours keeps this linear: a finished service
    /// cannot lead to a cycle not already reported. Each cycle is reported once, at its first service.
    mutating func checkDependencyCycles() {
        var edges: [String: [String]] = [:]
        for (name, service) in services {
            edges[name] = ConsistencyValues.names(service["depends_on"]).map(\.name).filter { services[$0] != nil }.sorted()
        }
        enum Colour { case active, done }
        var colour: [String: Colour] = [:]
        var stack: [String] = []
        var cycles: [[String]] = []

        // Iterative DFS (a long dependency chain must not overflow the call stack).
        for root in edges.keys.sorted() where colour[root] == nil {
            var frames: [(name: String, next: Int)] = [(root, 0)]
            colour[root] = .active
            stack.append(root)
            while let top = frames.last {
                let children = edges[top.name] ?? []
                if top.next < children.count {
                    frames[frames.count - 1].next += 1
                    let child = children[top.next]
                    switch colour[child] {
                    case .active:
                        if let start = stack.lastIndex(of: child) { cycles.append(Array(stack[start...]) + [child]) }
                    case .done:
                        continue
                    case nil:
                        colour[child] = .active
                        stack.append(child)
                        frames.append((child, 0))
                    }
                } else {
                    colour[top.name] = .done
                    stack.removeLast()
                    frames.removeLast()
                }
            }
        }
        for cycle in cycles {
            let first = cycle[0]
            let location = services[first]?["depends_on"].flatMap { ConsistencyValues.names($0).first { $0.name == cycle[1] }?.location }
            error(location ?? services.keyLocation(first), "services.\(first).depends_on", "dependency cycle detected: \(cycle.joined(separator: " -> "))")
        }
    }
}
