import ComposeModel

/// Decodes a canonical tree into the values compose-go's typed model holds and renders them the way its
/// JSON marshalling prints them (field order, omitted empties, bytes and durations as text).
struct TypedDecoder {
    /// One decoded value: what it prints, and whether Go's `omitempty` would drop it.
    struct Output {
        var node: ComposeNode
        var empty: Bool
    }

    var format: TypedFormat = .json
    var problems: [Diagnostic] = []

    init(format: TypedFormat = .json) {
        self.format = format
    }

    /// Map keys as the marshaller sorts them (encoding/json by bytes, go-yaml v3 with numbers by value).
    func sortedKeys(_ keys: [String]) -> [String] {
        format == .json ? keys.sorted(by: GoFormat.byteOrder) : keys.sorted(by: YAMLRenderer.keyPrecedes)
    }

    mutating func fail(_ node: ComposeNode, _ path: String, _ message: String) {
        problems.append(.error(at: node.location, path: path, message))
    }

    mutating func decode(_ input: ComposeNode?, _ shape: TypedShape, path: String) -> Output {
        guard let input, !input.isNull else { return zero(shape, at: input?.location) }
        let location = input.location
        switch shape {
        case .string:
            return scalarString(input, path: path)
        case .bool:
            let flag = boolean(input, path: path)
            return Output(node: .bool(flag, at: location), empty: !flag)
        case .int:
            let number = integer(input, path: path)
            return Output(node: .int(number, at: location), empty: number == 0)
        case .float32:
            let number = float(input, path: path)
            return Output(node: GoFormat.float32Node(number, at: location), empty: number == 0)
        case .pointer(let inner):
            var output = decode(input, inner, path: path)
            output.empty = false
            return output
        case .list(let element):
            guard let items = input.sequence else {
                fail(input, path, "must be a list, not \(input.kindName)")
                return zero(shape, at: location)
            }
            var result: [ComposeNode] = []
            result.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                result.append(decode(item, element, path: "\(path)[\(index)]").node)
            }
            return Output(node: .sequence(result, at: location), empty: result.isEmpty)
        case .map(let element):
            guard let map = input.mapping else {
                fail(input, path, "must be a mapping, not \(input.kindName)")
                return zero(shape, at: location)
            }
            var result = ComposeMapping()
            for key in sortedKeys(map.keys) {
                result.set(key, decode(map[key], element, path: "\(path).\(key)").node, keyLocation: map.keyLocation(key))
            }
            return Output(node: .mapping(result, at: location), empty: result.isEmpty)
        case .object(let object):
            guard let map = input.mapping else {
                fail(input, path, "must be a mapping, not \(input.kindName)")
                return zero(shape, at: location)
            }
            return decodeObject(object, map, at: location, path: path)
        case .custom(let custom):
            return decodeCustom(input, custom, path: path)
        case .raw:
            return Output(node: sortedRaw(input), empty: false)
        }
    }

    /// A struct: JSON never treats one as empty; go-yaml omits it when every exported field is zero.
    mutating func decodeObject(_ object: TypedObject, _ map: ComposeMapping, at location: SourceLocation?, path: String) -> Output {
        var lowered: [String: String] = [:]
        if object.caseInsensitiveKeys {
            for key in map.keys { lowered[key.lowercased()] = key }
        }
        var result = ComposeMapping()
        var allZero = true
        for field in object.fields {
            let inputKey = object.caseInsensitiveKeys ? (lowered[field.key] ?? field.key) : field.key
            let input = map[inputKey]
            let omit = format == .json ? field.omitEmpty : field.yamlOmitEmpty
            if input == nil && omit, case .object = field.shape {
                // a struct value is never empty for JSON; decode its zero value below
            } else if input == nil && omit {
                continue // an absent field holds its zero value, which omitempty drops
            }
            let output = decode(input, field.shape, path: "\(path).\(field.key)")
            if !output.empty { allZero = false }
            if omit && output.empty { continue }
            result.set(format == .json ? field.json : field.key, output.node, keyLocation: map.keyLocation(inputKey) ?? location)
        }
        if format == .yaml && object.hasExtensions {
            for key in sortedKeys(map.keys.filter { $0.hasPrefix("x-") }) {
                guard let value = map[key] else { continue }
                result.set(key, sortedRaw(value), keyLocation: map.keyLocation(key))
                allZero = false
            }
        }
        return Output(node: .mapping(result, at: location), empty: format == .yaml && allZero)
    }

    /// The zero value of a Go type, as JSON prints it.
    mutating func zero(_ shape: TypedShape, at location: SourceLocation?) -> Output {
        switch shape {
        case .string: return Output(node: .string("", at: location), empty: true)
        case .bool: return Output(node: .bool(false, at: location), empty: true)
        case .int: return Output(node: .int(0, at: location), empty: true)
        case .float32: return Output(node: .int(0, at: location), empty: true)
        case .pointer, .list, .map, .raw: return Output(node: .null(at: location), empty: true)
        case .object(let object):
            return decodeObject(object, ComposeMapping(), at: location, path: "")
        case .custom(let custom):
            switch custom {
            case .unitBytes: return Output(node: .string("0", at: location), empty: true)
            case .duration: return Output(node: .string("0s", at: location), empty: true)
            case .fileMode: return Output(node: .string("00", at: location), empty: true)
            case .deviceCount, .nanoCPUs: return Output(node: .int(0, at: location), empty: true)
            case .ulimit: return Output(node: .mapping(ComposeMapping(), at: location), empty: false)
            case .envFile:
                return Output(node: .mapping(ComposeMapping([("required", .bool(false, at: location))]), at: location), empty: false)
            default: return Output(node: .null(at: location), empty: true)
            }
        }
    }

    // MARK: scalars (with compose-go's cast hook: text to bool/int/float, integers to text)

    mutating func scalarString(_ input: ComposeNode, path: String) -> Output {
        switch input.value {
        case .string(let text): return Output(node: input, empty: text.isEmpty)
        case .int, .double, .bool:
            let text = GoFormat.sprint(input)
            return Output(node: .string(text, at: input.location), empty: text.isEmpty)
        default:
            fail(input, path, "must be a string, not \(input.kindName)")
            return Output(node: .string("", at: input.location), empty: true)
        }
    }

    mutating func boolean(_ input: ComposeNode, path: String) -> Bool {
        switch input.value {
        case .bool(let flag): return flag
        case .string(let text):
            if let flag = ComposeBoolean.parse(text) { return flag }
            fail(input, path, "invalid boolean: \(text)")
            return false
        default:
            fail(input, path, "must be a boolean, not \(input.kindName)")
            return false
        }
    }

    mutating func integer(_ input: ComposeNode, path: String) -> Int {
        switch input.value {
        case .int(let number): return number
        case .double(let number) where number.isFinite && abs(number) < 9.2e18: return Int(number)
        case .string(let text):
            if let number = Int(text) { return number }
            fail(input, path, "invalid integer: \(text)")
            return 0
        default:
            fail(input, path, "must be an integer, not \(input.kindName)")
            return 0
        }
    }

    mutating func float(_ input: ComposeNode, path: String) -> Float {
        switch input.value {
        case .int(let number): return Float(number)
        case .double(let number): return Float(number)
        case .string(let text):
            if let number = Float(text) { return number }
            fail(input, path, "invalid number: \(text)")
            return 0
        default:
            fail(input, path, "must be a number, not \(input.kindName)")
            return 0
        }
    }

    /// Extensions print as Go prints `map[string]any`: keys sorted at every level.
    func sortedRaw(_ node: ComposeNode) -> ComposeNode {
        switch node.value {
        case .mapping(let map):
            var sorted = ComposeMapping()
            for key in sortedKeys(map.keys) {
                if let value = map[key] { sorted.set(key, sortedRaw(value), keyLocation: map.keyLocation(key)) }
            }
            return node.with(.mapping(sorted))
        case .sequence(let items):
            return node.with(.sequence(items.map(sortedRaw)))
        default:
            return node
        }
    }
}
