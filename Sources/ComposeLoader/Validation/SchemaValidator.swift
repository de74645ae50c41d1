import ComposeModel

/// Validates a compose document against `schemas/compose-spec.json` (embedded in the binary).
///
/// Every problem is reported, each once, at the offending key or value, with a key path and a readable
/// message. The schema is compiled once per process, on first use.
public enum SchemaValidator {
    public static func validate(_ document: ComposeNode) -> [Diagnostic] {
        switch compiled {
        case .success(let schema):
            return validate(document, against: schema)
        case .failure(let error):
            return [.error(at: document.location, "internal error: the embedded compose schema does not compile: \(error.description)")]
        }
    }

    /// The compose schema, compiled lazily; `static let` initialisation is thread-safe.
    static let compiled: Result<JSONSchema, JSONSchema.CompileError> = {
        do {
            return .success(try JSONSchema.compile(ComposeSchema.embeddedJSON))
        } catch let error as JSONSchema.CompileError {
            return .failure(error)
        } catch {
            return .failure(JSONSchema.CompileError(description: String(describing: error)))
        }
    }()

    static func validate(_ document: ComposeNode, against schema: JSONSchema) -> [Diagnostic] {
        var run = SchemaValidationRun(schema: schema)
        run.validate(document, schema.root, fallback: document.location)
        return run.diagnostics
    }
}

/// One validation pass: walks the document and the schema together, keeping the current key path.
struct SchemaValidationRun {
    typealias PathComponent = ComposeKeyPathComponent

    let schema: JSONSchema
    var path: [PathComponent] = []
    var diagnostics: [Diagnostic] = []

    init(schema: JSONSchema) {
        self.schema = schema
    }

    var renderedPath: String {
        path.rendered
    }

    mutating func report(_ location: SourceLocation?, _ message: String) {
        diagnostics.append(.error(at: location, path: renderedPath, message))
    }

    /// Checks `node` against schema node `index`; `fallback` locates values that have no position of their own.
    mutating func validate(_ node: ComposeNode, _ index: Int, fallback: SourceLocation?) {
        let rule = schema[index]
        let location = node.location ?? fallback
        if let ref = rule.ref {
            validate(node, ref, fallback: location)
        }
        let kinds = JSONSchema.Types.of(node)
        if let types = rule.types, !types.contains(where: { !$0.isDisjoint(with: kinds) }) {
            report(location, "must be \(SchemaMessages.typeList(types))")
            return
        }
        if let allowed = rule.enumValues, !allowed.contains(where: { SchemaMessages.sameJSONValue($0, node) }) {
            report(location, SchemaMessages.enumMessage(allowed))
        }
        if let constant = rule.constValue, !SchemaMessages.sameJSONValue(constant, node) {
            report(location, SchemaMessages.enumMessage([constant]))
        }
        if !rule.oneOf.isEmpty { checkAlternatives(node, rule.oneOf, exactlyOne: true, location: location) }
        if !rule.anyOf.isEmpty { checkAlternatives(node, rule.anyOf, exactlyOne: false, location: location) }
        for branch in rule.allOf { validate(node, branch, fallback: location) }

        switch node.value {
        case .mapping(let mapping): checkObject(mapping, rule, location: location)
        case .sequence(let items): checkArray(items, rule, location: location)
        case .string(let text): checkString(text, rule, location: location)
        case .int, .double: checkNumber(node, rule, location: location)
        case .bool, .null: break
        }
    }

    private mutating func checkObject(_ mapping: ComposeMapping, _ rule: JSONSchema.Node, location: SourceLocation?) {
        let hasNamedPatterns = rule.patternProperties.contains { $0.pattern.source != "^x-" }
        for (key, child) in mapping {
            let keyLocation = mapping.keyLocation(key) ?? child.location ?? location
            var matched = false
            path.append(.key(key))
            if let property = rule.properties[key] {
                matched = true
                validate(child, property, fallback: keyLocation)
            }
            for entry in rule.patternProperties where entry.pattern.matches(key) {
                matched = true
                validate(child, entry.schema, fallback: keyLocation)
            }
            if !matched {
                switch rule.additionalProperties {
                case .allowed: break
                case .schema(let extra): validate(child, extra, fallback: keyLocation)
                case .forbidden:
                    path.removeLast()
                    report(keyLocation, SchemaMessages.additionalProperty(key, rule: rule, namedPatterns: hasNamedPatterns))
                    path.append(.key(key))
                }
            }
            path.removeLast()
        }
        for name in rule.required where mapping[name] == nil {
            report(location, "missing required property '\(name)'")
        }
    }

    private mutating func checkArray(_ items: [ComposeNode], _ rule: JSONSchema.Node, location: SourceLocation?) {
        if let minItems = rule.minItems, items.count < minItems {
            report(location, "must have at least \(minItems) item\(minItems == 1 ? "" : "s")")
        }
        if let maxItems = rule.maxItems, items.count > maxItems {
            report(location, "must have at most \(maxItems) item\(maxItems == 1 ? "" : "s")")
        }
        var seen: [String: Int] = [:]
        for (offset, item) in items.enumerated() {
            path.append(.index(offset))
            if let itemRule = rule.items {
                validate(item, itemRule, fallback: location)
            }
            if rule.uniqueItems {
                let identity = SchemaMessages.identity(of: item)
                if let first = seen[identity] {
                    report(item.location ?? location, "duplicate item, same as [\(first)]")
                } else {
                    seen[identity] = offset
                }
            }
            path.removeLast()
        }
    }

    private mutating func checkString(_ text: String, _ rule: JSONSchema.Node, location: SourceLocation?) {
        if let pattern = rule.pattern, !pattern.matches(text) {
            report(location, "\(SchemaMessages.quoted(text)) does not match the pattern '\(pattern.source)'")
        }
        if rule.format == "duration", !GoDuration.isValid(text) {
            report(location, "\(SchemaMessages.quoted(text)) is not a valid duration")
        }
    }

    private mutating func checkNumber(_ node: ComposeNode, _ rule: JSONSchema.Node, location: SourceLocation?) {
        guard let number = node.double else { return }
        if let minimum = rule.minimum, number < minimum {
            report(location, "must be greater than or equal to \(ComposeNode.format(minimum))")
        }
        if let maximum = rule.maximum, number > maximum {
            report(location, "must be less than or equal to \(ComposeNode.format(maximum))")
        }
    }

    /// `oneOf` / `anyOf`: only branches that accept the value's type are tried; when none passes, the
    /// problems of the closest branch are reported (the value's own type names the intended branch).
    private mutating func checkAlternatives(_ node: ComposeNode, _ branches: [Int], exactlyOne: Bool, location: SourceLocation?) {
        let kinds = JSONSchema.Types.of(node)
        var candidateCount = 0
        var onlyCandidate = 0
        for branch in branches where !schema.nodes[branch].acceptedTypes.isDisjoint(with: kinds) {
            candidateCount += 1
            onlyCandidate = branch
        }
        // The usual case: the value's type selects one branch, whose problems are the ones to report.
        if candidateCount == 1 {
            validate(node, onlyCandidate, fallback: location)
            return
        }
        let candidates = branches.filter { !schema.nodes[$0].acceptedTypes.isDisjoint(with: kinds) }
        guard !candidates.isEmpty else {
            var types: [JSONSchema.Types] = []
            for branch in branches { types += declaredTypes(branch) }
            report(location, "must be \(SchemaMessages.typeList(types))")
            return
        }
        let saved = diagnostics
        var passed = 0
        var closest: [Diagnostic]?
        for branch in candidates {
            diagnostics = []
            validate(node, branch, fallback: location)
            if diagnostics.isEmpty {
                passed += 1
                if !exactlyOne { break }
            } else if closest == nil || diagnostics.count < (closest?.count ?? 0) {
                closest = diagnostics
            }
        }
        diagnostics = saved
        if passed == 0 {
            diagnostics += closest ?? []
        } else if exactlyOne, passed > 1 {
            report(location, "matches more than one of the allowed forms")
        }
    }

    /// The types a schema node names for messages, following references and alternatives, in schema order.
    private func declaredTypes(_ index: Int) -> [JSONSchema.Types] {
        let rule = schema[index]
        if let types = rule.types { return types }
        if let ref = rule.ref { return declaredTypes(ref) }
        let branches = rule.oneOf.isEmpty ? rule.anyOf : rule.oneOf
        return branches.flatMap { declaredTypes($0) }
    }
}
