import EngineAPI
import Foundation

/// The daemonless engine: everything lives in a state directory that any `compose` process can open, so
/// there is nothing to start and nothing to connect to. Containers run under runc, each watched by its own
/// supervisor process (`compose-shim`) that outlives `compose`; networks are Linux bridges made by the CNI
/// plugins; images are pulled, built and stored here too.
public struct EmbeddedEngine: ContainerEngine {
    /// The state directory (`/var/lib/swift-compose` as root).
    public let stateDirectory: String
    public let images: ImageStore
    public let layers: LayerStore
    /// Registries reached over plain HTTP besides localhost and 127.0.0.0/8.
    public var insecureRegistries: [String]
    public var platform: OCIPlatform
    public let runtime: EmbeddedRuntime
    public let containers: ContainerStore
    public let networks: NetworkStore
    public let volumes: VolumeStore

    public init(stateDirectory: String, insecureRegistries: [String] = [], platform: OCIPlatform = .host,
                runtime: EmbeddedRuntime = .discover()) {
        self.stateDirectory = stateDirectory
        images = ImageStore(root: stateDirectory)
        layers = LayerStore(root: stateDirectory)
        self.insecureRegistries = insecureRegistries
        self.platform = platform
        self.runtime = runtime
        containers = ContainerStore(stateRoot: stateDirectory)
        networks = NetworkStore(stateRoot: stateDirectory, runtimeRoot: runtime.runtimeRoot)
        volumes = VolumeStore(stateRoot: stateDirectory)
    }

    var cni: CNIRunner {
        CNIRunner(stateRoot: stateDirectory, runtimeRoot: runtime.runtimeRoot, pluginDirectory: runtime.cniPlugins)
    }

    var ports: PortAllocator { PortAllocator(runtimeRoot: runtime.runtimeRoot) }

    var runc: RuncClient { RuncClient(runc: runtime.runc, root: runtime.runcRoot) }

    /// `SWIFT_COMPOSE_STATE_DIR`, else `/var/lib/swift-compose` for root and `$XDG_DATA_HOME/swift-compose`
    /// (or `~/.local/share/swift-compose`) for other users.
    public static func defaultStateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["SWIFT_COMPOSE_STATE_DIR"], !explicit.isEmpty { return explicit }
        if getuid() == 0 { return "/var/lib/swift-compose" }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/swift-compose" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/swift-compose"
    }

    public var endpoint: String { "embedded:" + stateDirectory }

    public var capabilities: EngineCapabilities {
        EngineCapabilities(containers: true, build: true, pause: true, ipv6: true)
    }

    /// The state directory exists (it is created on first use) and is writable.
    public func ping() async throws(EngineError) {
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory + "/locks", withIntermediateDirectories: true)
        } catch {
            throw EngineError(.unavailable, "cannot use the embedded engine's state directory \(stateDirectory)",
                              cause: "\(error)")
        }
        guard access(stateDirectory, W_OK) == 0 else {
            throw EngineError(.unavailable, "the embedded engine's state directory \(stateDirectory) is not writable: run as root, "
                              + "or set SWIFT_COMPOSE_STATE_DIR to a directory of yours")
        }
    }
}
