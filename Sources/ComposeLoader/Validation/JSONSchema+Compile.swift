import ComposeModel

extension JSONSchema {
    struct CompileError: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// Compiles schema JSON text; `$ref`s may only point into `#/definitions/`.
    static func compile(_ text: String) throws -> JSONSchema {
        let document = try SchemaJSONReader.parse(text)
        var compiler = SchemaCompiler()
        if let definitions = document["definitions"]?.mapping {
            for (name, _) in definitions {
                compiler.definitionIndex[name] = compiler.reserve()
            }
            for (name, definition) in definitions {
                if let index = compiler.definitionIndex[name] {
                    try compiler.compile(definition, into: index, at: "#/definitions/\(name)")
                }
            }
        }
        let root = compiler.reserve()
        try compiler.compile(document, into: root, at: "#")
        compiler.computeAcceptedTypes()
        return JSONSchema(nodes: compiler.nodes, root: root)
    }
}

/// Builds the node arena of a `JSONSchema`.
private struct SchemaCompiler {
    var nodes: [JSONSchema.Node] = []
    var definitionIndex: [String: Int] = [:]

    mutating func reserve() -> Int {
        nodes.append(JSONSchema.Node())
        return nodes.count - 1
    }

    mutating func compileNew(_ json: ComposeNode, at path: String) throws -> Int {
        let index = reserve()
        try compile(json, into: index, at: path)
        return index
    }

    mutating func compile(_ json: ComposeNode, into index: Int, at path: String) throws {
        if json.bool == true { return }
        guard let object = json.mapping else {
            throw JSONSchema.CompileError(description: "\(path): a schema must be an object")
        }
        var node = JSONSchema.Node()
        for (keyword, value) in object {
            let here = "\(path)/\(keyword)"
            switch keyword {
            case "type":
                let names = value.string.map { [$0] } ?? value.sequence?.compactMap(\.string) ?? []
                let types = names.compactMap(JSONSchema.Types.init(name:))
                guard !types.isEmpty, types.count == names.count else { throw error(here, "unknown type") }
                node.types = types
            case "properties":
                for (name, child) in value.mapping ?? ComposeMapping() {
                    node.properties[name] = try compileNew(child, at: "\(here)/\(name)")
                    node.propertyNames.append(name)
                }
            case "patternProperties":
                for (source, child) in value.mapping ?? ComposeMapping() {
                    guard let pattern = SchemaPattern(source) else { throw error(here, "unsupported pattern \(source)") }
                    node.patternProperties.append((pattern, try compileNew(child, at: "\(here)/\(source)")))
                }
            case "additionalProperties":
                if let flag = value.bool {
                    node.additionalProperties = flag ? .allowed : .forbidden
                } else {
                    node.additionalProperties = .schema(try compileNew(value, at: here))
                }
            case "required":
                node.required = value.sequence?.compactMap(\.string) ?? []
            case "enum":
                node.enumValues = value.sequence ?? []
            case "const":
                node.constValue = value
            case "oneOf", "anyOf", "allOf":
                var branches: [Int] = []
                for (offset, branch) in (value.sequence ?? []).enumerated() {
                    branches.append(try compileNew(branch, at: "\(here)/\(offset)"))
                }
                if keyword == "oneOf" { node.oneOf = branches } else if keyword == "anyOf" { node.anyOf = branches } else { node.allOf = branches }
            case "items":
                node.items = try compileNew(value, at: here)
            case "uniqueItems":
                node.uniqueItems = value.bool ?? false
            case "minItems":
                node.minItems = value.int
            case "maxItems":
                node.maxItems = value.int
            case "minimum":
                node.minimum = value.double
            case "maximum":
                node.maximum = value.double
            case "pattern":
                guard let source = value.string, let pattern = SchemaPattern(source) else { throw error(here, "unsupported pattern") }
                node.pattern = pattern
            case "format":
                node.format = value.string
            case "$ref":
                guard let target = value.string, target.hasPrefix("#/definitions/"),
                      let resolved = definitionIndex[String(target.dropFirst("#/definitions/".count))]
                else { throw error(here, "unresolvable reference") }
                node.ref = resolved
            case "$schema", "$id", "title", "description", "default", "deprecated", "definitions", "examples", "$comment":
                continue
            default:
                throw error(here, "unsupported keyword")
            }
        }
        nodes[index] = node
    }

    private func error(_ path: String, _ reason: String) -> JSONSchema.CompileError {
        JSONSchema.CompileError(description: "\(path): \(reason)")
    }

    /// Works out, for every node, which value types it could possibly accept (memoised, cycle-safe).
    mutating func computeAcceptedTypes() {
        var memo: [JSONSchema.Types?] = Array(repeating: nil, count: nodes.count)
        var visiting = Set<Int>()
        func accepted(_ index: Int) -> JSONSchema.Types {
            if let known = memo[index] { return known }
            guard visiting.insert(index).inserted else { return .all }
            defer { visiting.remove(index) }
            let node = nodes[index]
            var result = JSONSchema.Types.all
            if let types = node.types {
                result = types.reduce(into: JSONSchema.Types()) { $0.formUnion($1) }
                // An integer-typed schema accepts integral numbers; `number` accepts integers too.
                if result.contains(.number) { result.insert(.integer) }
            }
            if let ref = node.ref { result.formIntersection(accepted(ref)) }
            for branch in node.allOf { result.formIntersection(accepted(branch)) }
            for group in [node.oneOf, node.anyOf] where !group.isEmpty {
                result.formIntersection(group.reduce(into: JSONSchema.Types()) { $0.formUnion(accepted($1)) })
            }
            memo[index] = result
            return result
        }
        for index in nodes.indices {
            nodes[index].acceptedTypes = accepted(index)
        }
    }
}
