import ComposeModel
import Testing

/// Adds an unknown key to every mapping of every corpus tree, one at a time: the decoder must either
/// reject it at exactly that key path (a struct-like mapping) or keep it through a round trip (a free-form
/// map such as labels or environment). Anything else would be data dropped silently.
@Suite("ComposeModel never drops data")
struct ComposeModelNoSilentDropTests {
    private static let probeKey = "zz_probe"

    @Test("an added key is rejected at its path or kept", arguments: CorpusSupport.caseNames)
    func addedKeyIsNeverDropped(caseName: String) throws {
        let document = try CorpusSupport.expectedDocument(caseName)
        var paths: [[PathStep]] = []
        Self.collectMappingPaths(document, [], into: &paths)
        #expect(!paths.isEmpty)
        for steps in paths {
            let mutated = Self.inserting(into: document, at: steps[...])
            let keyPath = Self.render(steps + [.key(Self.probeKey)])
            do {
                let project = try ComposeProject(document: mutated)
                // Kept, possibly normalised (provider options turn one value into a list).
                #expect(Self.lookup(project.document, steps[...])?[Self.probeKey] != nil, "\(keyPath) was dropped")
            } catch let error as DiagnosticError {
                #expect(error.errors.map(\.path) == [keyPath], "\(keyPath): \(error)")
            }
        }
    }

    @Test("a value of the wrong type is rejected at its path or kept", arguments: CorpusSupport.caseNames)
    func wrongTypeIsNeverDropped(caseName: String) throws {
        let document = try CorpusSupport.expectedDocument(caseName)
        var paths: [[PathStep]] = []
        Self.collectScalarPaths(document, [], into: &paths)
        #expect(!paths.isEmpty)
        let replacement = ComposeNode.sequence([.bool(true)])
        for steps in paths {
            let mutated = Self.replacing(in: document, at: steps[...], with: replacement)
            let keyPath = Self.render(steps)
            do {
                let project = try ComposeProject(document: mutated)
                #expect(Self.lookup(project.document, steps[...]) == replacement, "\(keyPath) was changed or dropped")
            } catch let error as DiagnosticError {
                #expect(error.errors.map(\.path) == [keyPath], "\(keyPath): \(error)")
            }
        }
    }

    private static func collectScalarPaths(_ node: ComposeNode, _ steps: [PathStep], into paths: inout [[PathStep]]) {
        switch node.value {
        case .mapping(let mapping):
            for (key, child) in mapping { collectScalarPaths(child, steps + [.key(key)], into: &paths) }
        case .sequence(let items):
            for (index, item) in items.enumerated() { collectScalarPaths(item, steps + [.index(index)], into: &paths) }
        case .null:
            break
        default:
            paths.append(steps)
        }
    }

    private static func replacing(in node: ComposeNode, at steps: ArraySlice<PathStep>, with value: ComposeNode)
        -> ComposeNode {
        guard let step = steps.first else { return value }
        var node = node
        switch (step, node.value) {
        case (.key(let key), .mapping(var mapping)):
            if let child = mapping[key] { mapping[key] = replacing(in: child, at: steps.dropFirst(), with: value) }
            node.value = .mapping(mapping)
        case (.index(let index), .sequence(var items)):
            items[index] = replacing(in: items[index], at: steps.dropFirst(), with: value)
            node.value = .sequence(items)
        default:
            break
        }
        return node
    }

    enum PathStep {
        case key(String)
        case index(Int)
    }

    private static func collectMappingPaths(_ node: ComposeNode, _ steps: [PathStep], into paths: inout [[PathStep]]) {
        switch node.value {
        case .mapping(let mapping):
            paths.append(steps)
            for (key, child) in mapping where !key.hasPrefix("x-") || steps.count > 1 {
                collectMappingPaths(child, steps + [.key(key)], into: &paths)
            }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                collectMappingPaths(item, steps + [.index(index)], into: &paths)
            }
        default:
            break
        }
    }

    private static func inserting(into node: ComposeNode, at steps: ArraySlice<PathStep>) -> ComposeNode {
        var node = node
        guard let step = steps.first else {
            node[probeKey] = .string("probe")
            return node
        }
        switch (step, node.value) {
        case (.key(let key), .mapping(var mapping)):
            if let child = mapping[key] { mapping[key] = inserting(into: child, at: steps.dropFirst()) }
            node.value = .mapping(mapping)
        case (.index(let index), .sequence(var items)):
            items[index] = inserting(into: items[index], at: steps.dropFirst())
            node.value = .sequence(items)
        default:
            break
        }
        return node
    }

    private static func lookup(_ node: ComposeNode, _ steps: ArraySlice<PathStep>) -> ComposeNode? {
        guard let step = steps.first else { return node }
        switch step {
        case .key(let key): return node[key].flatMap { lookup($0, steps.dropFirst()) }
        case .index(let index):
            guard let items = node.sequence, items.indices.contains(index) else { return nil }
            return lookup(items[index], steps.dropFirst())
        }
    }

    private static func render(_ steps: [PathStep]) -> String {
        var text = ""
        for step in steps {
            switch step {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
