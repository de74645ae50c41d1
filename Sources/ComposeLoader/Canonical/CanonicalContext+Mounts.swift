import ComposeModel

extension CanonicalContext {
    /// `services.*.ports`: every short entry (string or number) becomes one long entry per port of its range.
    mutating func ports(_ node: ComposeNode, path: String) -> ComposeNode {
        guard let entries = node.sequence else {
            fail(node, path: path, "invalid type \(node.kindName) for port")
            return node
        }
        var result: [ComposeNode] = []
        result.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let spec: String
            switch entry.value {
            case .mapping:
                result.append(entry)
                continue
            case .int(let number):
                spec = String(number)
            case .string(let text):
                spec = text
            default:
                fail(entry, path: "\(path)[\(index)]", "invalid type \(entry.kindName) for port")
                continue
            }
            do {
                for port in try ShortPortSpec.parse(spec) {
                    result.append(Self.portNode(port, at: entry.location))
                }
            } catch {
                if lenient { return node }
                fail(entry, path: "\(path)[\(index)]", error.message)
            }
        }
        return node.with(.sequence(result))
    }

    static func portNode(_ port: ShortPortSpec, at location: SourceLocation?) -> ComposeNode {
        var map = ComposeMapping()
        map["mode"] = .string("ingress", at: location)
        if !port.hostIP.isEmpty { map["host_ip"] = .string(port.hostIP, at: location) }
        map["target"] = .int(port.target, at: location)
        if !port.published.isEmpty { map["published"] = .string(port.published, at: location) }
        map["protocol"] = .string(port.proto, at: location)
        return .mapping(map, at: location)
    }

    /// `services.*.volumes.*`: a short `source:target:options` string becomes the long form.
    mutating func volumeMount(_ node: ComposeNode, path: String) -> ComposeNode {
        if node.mapping != nil { return node }
        guard let spec = node.string else {
            fail(node, path: path, "invalid type \(node.kindName) for service volume mount")
            return node
        }
        let volume: ShortVolumeSpec
        do {
            volume = try ShortVolumeSpec.parse(spec)
        } catch {
            if !lenient { fail(node, path: path, error.message) }
            return node
        }
        let location = node.location
        var map = ComposeMapping()
        map["type"] = .string(volume.type, at: location)
        if !volume.source.isEmpty { map["source"] = .string(volume.source, at: location) }
        if !volume.target.isEmpty { map["target"] = .string(FilePaths.clean(volume.target), at: location) }
        if volume.readOnly { map["read_only"] = .bool(true, at: location) }
        if volume.hasBind {
            var bind = ComposeMapping()
            if !volume.selinux.isEmpty { bind["selinux"] = .string(volume.selinux, at: location) }
            if !volume.propagation.isEmpty { bind["propagation"] = .string(volume.propagation, at: location) }
            if volume.createHostPath { bind["create_host_path"] = .bool(true, at: location) }
            map["bind"] = .mapping(bind, at: location)
        }
        if volume.hasVolume {
            var options = ComposeMapping()
            if volume.noCopy { options["nocopy"] = .bool(true, at: location) }
            map["volume"] = .mapping(options, at: location)
        }
        return node.with(.mapping(map))
    }
}
