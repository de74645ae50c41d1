import EngineAPI

/// The local driver's `driver_opts`. Docker's local driver passes `type`, `device` and `o` to mount(2);
/// the embedded engine supports only the bind form (`type=none`, `o=bind`, `device=<absolute path>`).
enum VolumeDriverOptions {
    static func validate(_ options: [String: String], volume name: String) throws(EngineError) {
        guard !options.isEmpty else { return }
        for key in options.keys.sorted() where !["type", "device", "o"].contains(key) {
            throw EngineError(.invalidArgument, "create \(name): invalid option key: \"\(key)\"")
        }
        let type = options["type"] ?? ""
        let mountOptions = (options["o"] ?? "").split(separator: ",").map { String($0) }
        let bind = mountOptions.contains("bind") || mountOptions.contains("rbind")
        guard type == "none", bind else {
            let described = type.isEmpty ? "o=\(options["o"] ?? "")" : "type=\(type)"
            throw EngineError(.unsupported,
                              "create \(name): local volume driver option \(described) is not supported by the embedded engine "
                                + "(only type=none with o=bind and device=<absolute path>)")
        }
        if let other = mountOptions.first(where: { !["bind", "rbind"].contains($0) }) {
            throw EngineError(.unsupported, "create \(name): bind volume mount option \"\(other)\" is not supported (use a read-only mount instead)")
        }
        guard let device = options["device"], device.hasPrefix("/") else {
            throw EngineError(.invalidArgument, "create \(name): a bind volume needs an absolute device path (device=\(options["device"] ?? ""))")
        }
    }
}
