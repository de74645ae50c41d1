@testable import ComposeLoader
import ComposeModel

/// Builds node trees for the composition tests without a YAML parser: strings, integers, doubles,
/// booleans, `nil` (null), arrays and `KeyValuePairs` (ordered mappings).
func tree(_ value: Any?) -> ComposeNode {
    switch value {
    case nil: return .null()
    case let node as ComposeNode: return node
    case let text as String: return .string(text)
    case let flag as Bool: return .bool(flag)
    case let number as Int: return .int(number)
    case let number as Double: return ComposeNode(.double(number))
    case let items as [Any?]: return .sequence(items.map(tree))
    case let pairs as KeyValuePairs<String, Any?>: return .mapping(ComposeMapping(pairs.map { ($0.key, tree($0.value)) }))
    default: return .string("\(value ?? "")")
    }
}

/// A node carrying a merge tag, as the YAML parser makes for `!reset` / `!override`.
func tagged(_ tag: ComposeNode.MergeTag, _ value: Any?) -> ComposeNode {
    var node = tree(value)
    node.mergeTag = tag
    return node
}

/// A document `services: {name: service}`.
func services(_ pairs: KeyValuePairs<String, Any?>) -> ComposeNode {
    tree(["services": tree(pairs)] as KeyValuePairs<String, Any?>)
}

/// The first error message of a thrown `DiagnosticError` (nil when nothing or something else was thrown).
func errorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as DiagnosticError {
        return error.errors.first?.message
    } catch {
        return "\(error)"
    }
}

/// Whether the YAML parser is built yet (fixture tests need it).
let yamlAvailable: Bool = (try? YAMLComposer.documents(text: "a: 1\n", file: "probe.yaml")) != nil

/// The folder of this suite's fixture projects.
let compositionFixtures: String = {
    let here = #filePath
    let folder = here[..<(here.lastIndex(of: "/") ?? here.endIndex)]
    return folder + "/Fixtures/composition"
}()
