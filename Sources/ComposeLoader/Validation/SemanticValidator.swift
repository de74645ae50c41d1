import ComposeModel

/// Value checks the schema cannot express (compose-go's `validation.Validate`), run on the merged document
/// after default values: exclusive attributes of volumes, secrets, configs and device requests, port host IPs,
/// blank watch paths. Every problem is reported with its location.
public enum SemanticValidator {
    public static func validate(_ document: ComposeNode) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for (name, volume) in document["volumes"]?.mapping ?? ComposeMapping() {
            checkExternalVolume(volume, path: "volumes.\(name)", into: &problems)
        }
        for (name, config) in document["configs"]?.mapping ?? ComposeMapping() {
            checkSource(config, keys: ["file", "environment", "content"], path: "configs.\(name)", into: &problems)
        }
        for (name, secret) in document["secrets"]?.mapping ?? ComposeMapping() {
            checkSource(secret, keys: ["file", "environment"], path: "secrets.\(name)", into: &problems)
        }
        for (name, service) in document["services"]?.mapping ?? ComposeMapping() {
            checkService(service, path: "services.\(name)", into: &problems)
        }
        return problems
    }

    /// An external volume is only a name: anything else would be ignored, so it is refused.
    static func checkExternalVolume(_ volume: ComposeNode, path: String, into problems: inout [Diagnostic]) {
        guard let mapping = volume.mapping, let external = mapping["external"], isTrue(external) else { return }
        for (key, value) in mapping where key != "name" && key != "external" && !key.hasPrefix("x-") {
            problems.append(.error(
                at: mapping.keyLocation(key) ?? value.location,
                path: path,
                "conflicting parameters \"external\" and \"\(key)\" specified"
            ))
        }
    }

    /// Secrets and configs take their content from exactly one source, unless external or driver-provided.
    static func checkSource(_ resource: ComposeNode, keys: [String], path: String, into problems: inout [Diagnostic]) {
        guard let mapping = resource.mapping else { return }
        let present = keys.filter { mapping[$0] != nil }
        let list = keys.joined(separator: "|")
        if present.count > 1 {
            problems.append(.error(at: mapping.keyLocation(present[1]) ?? resource.location, path: path, "\(list) attributes are mutually exclusive"))
        } else if present.isEmpty, mapping["driver"] == nil, mapping["external"] == nil {
            problems.append(.error(at: resource.location, path: path, "one of \(list) must be set"))
        }
    }

    static func checkService(_ service: ComposeNode, path: String, into problems: inout [Diagnostic]) {
        for (index, port) in (service["ports"]?.sequence ?? []).enumerated() {
            guard let hostIP = port["host_ip"], let text = hostIP.string else { continue }
            if !IPAddress.isValid(text) {
                problems.append(.error(at: hostIP.location ?? port.location, path: "\(path).ports[\(index)].host_ip", "invalid ip address: \(text)"))
            }
        }
        for (index, watch) in (service["develop"]?["watch"]?.sequence ?? []).enumerated() {
            if let watchPath = watch["path"], watchPath.string == "" {
                problems.append(.error(at: watchPath.location ?? watch.location, path: "\(path).develop.watch[\(index)].path", "value can't be blank"))
            }
        }
        let devices = service["deploy"]?["resources"]?["reservations"]?["devices"]?.sequence ?? []
        for (index, device) in devices.enumerated() {
            checkDeviceRequest(device, path: "\(path).deploy.resources.reservations.devices[\(index)]", into: &problems)
        }
        for (index, gpu) in (service["gpus"]?.sequence ?? []).enumerated() {
            checkDeviceRequest(gpu, path: "\(path).gpus[\(index)]", into: &problems)
        }
    }

    static func checkDeviceRequest(_ device: ComposeNode, path: String, into problems: inout [Diagnostic]) {
        guard let mapping = device.mapping, mapping["count"] != nil, mapping["device_ids"] != nil else { return }
        problems.append(.error(
            at: mapping.keyLocation("device_ids") ?? device.location,
            path: path,
            "\"count\" and \"device_ids\" attributes are exclusive"
        ))
    }

    static func isTrue(_ node: ComposeNode) -> Bool {
        node.bool == true || node.string?.lowercased() == "true"
    }
}
