import ComposeModel

extension TypedDecoder {
    mutating func decodeCustom(_ input: ComposeNode, _ custom: TypedCustom, path: String) -> Output {
        let location = input.location
        switch custom {
        case .unitBytes:
            var bytes: Int64 = 0
            if let number = input.int {
                bytes = Int64(number)
            } else if let text = input.scalarText, input.string != nil {
                do {
                    bytes = try ValueParsers.ramInBytes(text)
                } catch {
                    fail(input, path, error.message)
                }
            }
            return Output(node: .string(String(bytes), at: location), empty: bytes == 0)
        case .duration:
            var nanoseconds: Int64 = 0
            do {
                nanoseconds = try ValueParsers.duration(GoFormat.sprint(input))
            } catch {
                fail(input, path, error.message)
            }
            return Output(node: .string(GoFormat.duration(nanoseconds: nanoseconds), at: location), empty: nanoseconds == 0)
        case .shellCommand:
            // ShellCommand.IsZero: go-yaml omits only a nil command; an empty one prints `[]`.
            var output: Output
            if let text = input.string {
                do {
                    output = stringList(try ValueParsers.shellWords(text), at: location)
                } catch {
                    fail(input, path, error.message)
                    return Output(node: .null(at: location), empty: true)
                }
            } else {
                output = stringItems(input, path: path, convert: true)
            }
            if format == .yaml && !output.node.isNull { output.empty = false }
            return output
        case .mappingWithEquals:
            return mappingWithEquals(input, path: path)
        case .mapping, .labels, .options:
            return stringMapping(input, path: path, splitLists: custom != .options)
        case .multiOptions:
            guard let map = input.mapping else {
                fail(input, path, "invalid type \(input.kindName) for options")
                return Output(node: .null(at: location), empty: true)
            }
            var result = ComposeMapping()
            for key in sortedKeys(map.keys) {
                guard let value = map[key] else { continue }
                let items = value.sequence ?? [value]
                result.set(key, .sequence(items.map { .string(GoFormat.sprint($0), at: $0.location) }, at: value.location),
                           keyLocation: map.keyLocation(key))
            }
            return Output(node: .mapping(result, at: location), empty: result.isEmpty)
        case .hostsList:
            return hostsList(input, path: path)
        case .stringList:
            if let text = input.string { return stringList([text], at: location) }
            return stringItems(input, path: path, convert: false)
        case .stringOrNumberList:
            if let text = input.string { return stringList([text], at: location) }
            return stringItems(input, path: path, convert: true)
        case .ulimit:
            if let single = input.int {
                if single != 0 { return Output(node: .int(single, at: location), empty: false) }
                return ulimitPair(soft: 0, hard: 0, at: location)
            }
            guard let map = input.mapping else {
                fail(input, path, "unexpected value type \(input.kindName) for ulimit")
                return Output(node: .mapping(ComposeMapping(), at: location), empty: false)
            }
            let soft = map["soft"].map { integer($0, path: "\(path).soft") } ?? 0
            let hard = map["hard"].map { integer($0, path: "\(path).hard") } ?? 0
            return ulimitPair(soft: soft, hard: hard, at: location)
        case .fileMode:
            var mode = 0
            if let number = input.int {
                mode = number
            } else if let text = input.string {
                if let parsed = Int(text, radix: 8) { mode = parsed } else { fail(input, path, "invalid file mode \"\(text)\"") }
            } else {
                fail(input, path, "unexpected value type \(input.kindName) for mode")
            }
            let octal = mode < 0 ? "-" + String(-mode, radix: 8) : String(mode, radix: 8)
            return Output(node: .string("0" + octal, at: location), empty: false)
        case .deviceCount:
            var count = 0
            if let number = input.int {
                count = number
            } else if let text = input.string {
                if text.lowercased() == "all" {
                    count = -1
                } else if let number = Int(text) {
                    count = number
                } else {
                    fail(input, path, "invalid value \"\(text)\", the only value allowed is 'all' or a number")
                }
            } else {
                fail(input, path, "invalid type \(input.kindName) for device count")
            }
            return Output(node: .int(count, at: location), empty: count == 0)
        case .nanoCPUs:
            let number = float(input, path: path)
            return Output(node: GoFormat.float32Node(number, at: location), empty: number == 0)
        case .healthCheckTest:
            if let text = input.string {
                return stringList(["CMD-SHELL", text], at: location)
            }
            return stringItems(input, path: path, convert: true)
        case .sshConfig:
            if let items = input.sequence, items.allSatisfy({ $0.string != nil }) {
                // already in printed form (a typed tree rendered again)
                return Output(node: input, empty: items.isEmpty)
            }
            guard let map = input.mapping else {
                fail(input, path, "invalid ssh config type \(input.kindName)")
                return Output(node: .null(at: location), empty: true)
            }
            // SSHKey prints `"id"` or `id: path` (the latter is not valid JSON in the reference).
            let keys = sortedKeys(map.keys).map { key -> ComposeNode in
                guard let value = map[key], !value.isNull else { return .string(key, at: location) }
                return .string("\(key): \(GoFormat.sprint(value))", at: value.location)
            }
            return Output(node: .sequence(keys, at: location), empty: keys.isEmpty)
        case .envFile:
            guard let map = input.mapping else {
                return Output(node: .string(input.scalarText ?? "", at: location), empty: false)
            }
            let required = map["required"].map { boolean($0, path: "\(path).required") } ?? false
            let file = map["path"].map { GoFormat.sprint($0) } ?? ""
            if required { return Output(node: .string(file, at: location), empty: false) }
            var result = ComposeMapping()
            if format == .yaml {
                // EnvFile.MarshalYAML writes exactly these two keys.
                result["path"] = .string(file, at: location)
                result["required"] = .bool(false, at: location)
                return Output(node: .mapping(result, at: location), empty: false)
            }
            if !file.isEmpty { result["path"] = .string(file, at: location) }
            result["required"] = .bool(false, at: location)
            if let fileFormat = map["format"]?.scalarText, !fileFormat.isEmpty {
                result["format"] = .string(fileFormat, at: location)
            }
            return Output(node: .mapping(result, at: location), empty: false)
        }
    }

    /// UlimitsConfig without a single value: JSON drops zero fields, YAML prints both.
    private func ulimitPair(soft: Int, hard: Int, at location: SourceLocation?) -> Output {
        var result = ComposeMapping()
        if format == .yaml || soft != 0 { result["soft"] = .int(soft, at: location) }
        if format == .yaml || hard != 0 { result["hard"] = .int(hard, at: location) }
        return Output(node: .mapping(result, at: location), empty: false)
    }

    private func stringList(_ items: [String], at location: SourceLocation?) -> Output {
        Output(node: .sequence(items.map { .string($0, at: location) }, at: location), empty: items.isEmpty)
    }

    private mutating func stringItems(_ input: ComposeNode, path: String, convert: Bool) -> Output {
        guard let items = input.sequence else {
            fail(input, path, "invalid type \(input.kindName) for string list")
            return Output(node: .null(at: input.location), empty: true)
        }
        var result: [ComposeNode] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            if item.string == nil && !convert {
                fail(item, "\(path)[\(index)]", "invalid type \(item.kindName) for string list")
            }
            result.append(.string(GoFormat.sprint(item), at: item.location))
        }
        return Output(node: .sequence(result, at: input.location), empty: result.isEmpty)
    }

    /// `KEY: value` or `KEY=value` entries; a key without value stays `null` (to be resolved later).
    private mutating func mappingWithEquals(_ input: ComposeNode, path: String) -> Output {
        var entries: [(String, ComposeNode, SourceLocation?)] = []
        if let map = input.mapping {
            for (key, value) in map {
                let rendered: ComposeNode = value.isNull ? .null(at: value.location) : .string(GoFormat.sprint(value), at: value.location)
                entries.append((key, rendered, map.keyLocation(key)))
            }
        } else if let items = input.sequence {
            for (index, item) in items.enumerated() {
                let text = GoFormat.sprint(item)
                let (key, value) = Self.cut(text)
                if let last = key.unicodeScalars.last, last.properties.isWhitespace {
                    fail(item, "\(path)[\(index)]", "environment variable \(key) is declared with a trailing space")
                }
                entries.append((key, value.map { .string($0, at: item.location) } ?? .null(at: item.location), item.location))
            }
        } else {
            fail(input, path, "unexpected value type \(input.kindName) for mapping")
        }
        return sortedMapping(entries, at: input.location)
    }

    /// Mapping / Labels / Options: every value becomes text (`null` becomes "").
    private mutating func stringMapping(_ input: ComposeNode, path: String, splitLists: Bool) -> Output {
        var entries: [(String, ComposeNode, SourceLocation?)] = []
        if let map = input.mapping {
            for (key, value) in map {
                let text = value.isNull ? "" : GoFormat.sprint(value)
                entries.append((key, .string(text, at: value.location), map.keyLocation(key)))
            }
        } else if splitLists, let items = input.sequence {
            for item in items {
                let (key, value) = Self.cut(GoFormat.sprint(item))
                entries.append((key, .string(value ?? "", at: item.location), item.location))
            }
        } else {
            fail(input, path, "unexpected value type \(input.kindName) for mapping")
        }
        return sortedMapping(entries, at: input.location)
    }

    private func sortedMapping(_ entries: [(String, ComposeNode, SourceLocation?)], at location: SourceLocation?) -> Output {
        var unique: [String: (ComposeNode, SourceLocation?)] = [:]
        for (key, value, keyLocation) in entries { unique[key] = (value, keyLocation) }
        var result = ComposeMapping()
        for key in sortedKeys(Array(unique.keys)) {
            if let (value, keyLocation) = unique[key] { result.set(key, value, keyLocation: keyLocation) }
        }
        return Output(node: .mapping(result, at: location), empty: result.isEmpty)
    }

    static func cut(_ text: String) -> (String, String?) {
        guard let equals = text.firstIndex(of: "=") else { return (text, nil) }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    /// extra_hosts: `host=ip` / `host:ip` entries or a `host: ip(s)` mapping, printed as sorted `host=ip`.
    private mutating func hostsList(_ input: ComposeNode, path: String) -> Output {
        var hosts: [String: [String]] = [:]
        if let map = input.mapping {
            for (host, value) in map {
                if let items = value.sequence {
                    hosts[host] = items.map(GoFormat.sprint)
                } else if value.isNull || value.string != nil {
                    hosts[host] = [value.string ?? ""]
                } else {
                    fail(value, "\(path).\(host)", "unexpected value type \(value.kindName) for extra_hosts entry")
                }
            }
        } else if let items = input.sequence {
            for (index, item) in items.enumerated() {
                let text = GoFormat.sprint(item)
                let separator = text.firstIndex(of: "=") ?? text.firstIndex(of: ":")
                guard let separator else {
                    fail(item, "\(path)[\(index)]", "invalid additional host, missing IP: \(text)")
                    continue
                }
                let host = String(text[..<separator])
                let ips = text[text.index(after: separator)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                hosts[host, default: []].append(contentsOf: ips)
            }
        } else {
            fail(input, path, "unexpected value type \(input.kindName) for extra_hosts")
        }
        var lines: [String] = []
        for (host, ips) in hosts {
            if host.isEmpty || host.contains(":") || host.contains("=") {
                fail(input, path, "bad host name '\(host)'")
            }
            for ip in ips {
                var address = ip
                if address.count > 2 && address.hasPrefix("[") && address.hasSuffix("]") {
                    address = String(address.dropFirst().dropLast())
                }
                lines.append("\(host)=\(address)")
            }
        }
        lines.sort(by: GoFormat.byteOrder)
        return Output(node: .sequence(lines.map { .string($0, at: input.location) }, at: input.location), empty: hosts.isEmpty)
    }
}
