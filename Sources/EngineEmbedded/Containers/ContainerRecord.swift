import EngineAPI

/// One container as the embedded engine keeps it: `<state>/containers/<id>/container.json`, the source of
/// truth for its name, labels and spec. What the container does right now is not stored here: it is read from
/// runc's and the supervisor's files on every observation (`ContainerStatus`).
public struct ContainerRecord: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var spec: ContainerSpec
    /// The image id (`sha256:…`) the container was created from.
    public var imageID: String
    /// The image's runtime defaults at create time (Docker copies them into the container too).
    public var imageConfig: OCIImageConfig.Runtime?
    /// The image's layer chain ids, bottom first: the overlay's lower directories.
    public var layerChain: [String]
    /// Seconds since 1970.
    public var created: Double
    /// Image labels under the spec's labels, as Docker reports a container's labels.
    public var labels: [String: String]
    /// Networks in attachment order, with what the last start assigned.
    public var networks: [ContainerNetworkRecord]
    /// Volumes made for this container (anonymous mounts and the image's `VOLUME`s): removed with `-v`.
    public var anonymousVolumes: [String]
    /// Mount target → volume name, for every volume mount (named and anonymous).
    public var volumeMounts: [String: String]
    /// Published ports as allocated by the last start (host ports resolved).
    public var ports: [PortMapping]
    /// RFC 3339 time of the last start by the engine; nil when never started.
    public var startedAt: String?
    /// `/proc/sys/kernel/random/boot_id` at the last start: a different boot means the container is not running.
    public var bootID: String?
    /// The error of the last failed start ("port is already allocated").
    public var startError: String?
    /// Set while a remove is under way; a crash leaves it for the next observation to finish.
    public var removing: Bool

    public init(id: String, name: String, spec: ContainerSpec, imageID: String, imageConfig: OCIImageConfig.Runtime?,
                layerChain: [String], created: Double, labels: [String: String]) {
        self.id = id
        self.name = name
        self.spec = spec
        self.imageID = imageID
        self.imageConfig = imageConfig
        self.layerChain = layerChain
        self.created = created
        self.labels = labels
        networks = spec.networks.map { ContainerNetworkRecord(attachment: $0) }
        anonymousVolumes = []
        volumeMounts = [:]
        ports = []
        startedAt = nil
        bootID = nil
        startError = nil
        removing = false
    }

    /// The command line as `docker ps` shows it: entrypoint and command (the image's where the spec has none),
    /// the arguments after the first in single quotes when they hold a space, as dockerd writes them.
    public var commandLine: String {
        let entrypoint = spec.entrypoint ?? imageConfig?.entrypoint ?? []
        let command = spec.command ?? (spec.entrypoint == nil ? imageConfig?.cmd ?? [] : [])
        let words = entrypoint + command
        guard let path = words.first else { return "" }
        return ([path] + words.dropFirst().map { $0.contains(" ") ? "'\($0)'" : $0 }).joined(separator: " ")
    }
}

/// One network attachment of a container and what CNI gave it on the last start.
public struct ContainerNetworkRecord: Sendable, Hashable, Codable {
    public var attachment: NetworkAttachment
    /// `eth0`, `eth1`, … in attachment order.
    public var interfaceName: String?
    public var ipv4Address: String?
    public var ipv6Address: String?
    public var macAddress: String?

    public init(attachment: NetworkAttachment) {
        self.attachment = attachment
    }

    public var network: String { attachment.network }
}
