import EngineAPI

/// One named volume as the embedded engine keeps it: `<state>/volumes/<name>/volume.json` beside `_data/`.
public struct VolumeRecord: Sendable, Hashable, Codable {
    public var name: String
    /// Always "local": the only driver the embedded engine has.
    public var driver: String
    public var labels: [String: String]
    /// The local driver's `driver_opts` as given (`type`, `device`, `o`).
    public var options: [String: String]
    public var createdAt: String
    /// Made for an anonymous `volumes:` entry (a random 64-hex name).
    public var anonymous: Bool
    /// The image's content was copied in (Docker's copy-up), so it is never copied again.
    public var populated: Bool

    public init(name: String, driver: String = "local", labels: [String: String] = [:], options: [String: String] = [:],
                createdAt: String, anonymous: Bool = false, populated: Bool = false) {
        self.name = name
        self.driver = driver
        self.labels = labels
        self.options = options
        self.createdAt = createdAt
        self.anonymous = anonymous
        self.populated = populated
    }

    /// The host directory of a bind volume (`type=none`, `o=bind`, `device=<path>`); nil for a plain volume.
    public var bindDevice: String? {
        options.isEmpty ? nil : options["device"]
    }

    public var observed: ObservedVolume {
        ObservedVolume(name: name, driver: driver, labels: labels)
    }
}
