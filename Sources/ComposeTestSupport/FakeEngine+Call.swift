import EngineAPI

extension FakeEngine {
    /// One engine call as the fake received it, with its arguments, so tests can assert what the reconciler
    /// asked for and in which order ("a second `up` makes no mutating call").
    public enum Call: Sendable, Hashable, CustomStringConvertible {
        case ping
        case observe(project: String)
        case createNetwork(NetworkSpec)
        case removeNetwork(String)
        case connect(container: String, attachment: NetworkAttachment)
        case disconnect(container: String, network: String)
        case createVolume(VolumeSpec)
        case removeVolume(String)
        case imageID(String)
        case pullImage(String)
        case createContainer(ContainerSpec)
        case startContainer(String)
        case stopContainer(String, timeout: Int?)
        case killContainer(String, signal: String)
        case removeContainer(String, force: Bool, removeVolumes: Bool)
        case renameContainer(String, to: String)
        case pauseContainer(String)
        case unpauseContainer(String)
        case observeAllProjects
        case findContainers(names: [String])
        case inspectNetwork(String)
        case inspectVolume(String)
        case inspectContainer(String)
        case buildImage(BuildSpec)
        case removeImage(String, force: Bool)
        case inspectImage(String)
        case pushImage(String)
        case containerLogs(String, options: LogOptions)
        case waitContainer(String)
        case events(project: String, since: Double?)
        case copyToContainer(String, entries: [CopyEntry])
        case execInContainer(String, ExecSpec)

        /// The protocol method a call belongs to, without its arguments (what `failNext` targets).
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case ping
            case observe
            case createNetwork
            case removeNetwork
            case connect
            case disconnect
            case createVolume
            case removeVolume
            case imageID
            case pullImage
            case createContainer
            case startContainer
            case stopContainer
            case killContainer
            case removeContainer
            case renameContainer
            case pauseContainer
            case unpauseContainer
            case observeAllProjects
            case findContainers
            case inspectNetwork
            case inspectVolume
            case inspectContainer
            case buildImage
            case removeImage
            case inspectImage
            case pushImage
            case containerLogs
            case waitContainer
            case events
            case copyToContainer
            case execInContainer

            /// Whether a call of this kind can change engine state. Reads (ping, observations, inspections,
            /// image lookup, logs, waits, events) are the only calls a converged `up` may make.
            public var isMutating: Bool {
                switch self {
                case .ping, .observe, .imageID, .observeAllProjects, .findContainers, .inspectNetwork, .inspectVolume,
                     .inspectContainer, .inspectImage, .containerLogs, .waitContainer, .events:
                    false
                default: true
                }
            }
        }

        public var kind: Kind {
            switch self {
            case .ping: .ping
            case .observe: .observe
            case .createNetwork: .createNetwork
            case .removeNetwork: .removeNetwork
            case .connect: .connect
            case .disconnect: .disconnect
            case .createVolume: .createVolume
            case .removeVolume: .removeVolume
            case .imageID: .imageID
            case .pullImage: .pullImage
            case .createContainer: .createContainer
            case .startContainer: .startContainer
            case .stopContainer: .stopContainer
            case .killContainer: .killContainer
            case .removeContainer: .removeContainer
            case .renameContainer: .renameContainer
            case .pauseContainer: .pauseContainer
            case .unpauseContainer: .unpauseContainer
            case .observeAllProjects: .observeAllProjects
            case .findContainers: .findContainers
            case .inspectNetwork: .inspectNetwork
            case .inspectVolume: .inspectVolume
            case .inspectContainer: .inspectContainer
            case .buildImage: .buildImage
            case .removeImage: .removeImage
            case .inspectImage: .inspectImage
            case .pushImage: .pushImage
            case .containerLogs: .containerLogs
            case .waitContainer: .waitContainer
            case .events: .events
            case .copyToContainer: .copyToContainer
            case .execInContainer: .execInContainer
            }
        }

        public var isMutating: Bool { kind.isMutating }

        /// The container, network, volume, image or project the call is about (nil for ping and
        /// observeAllProjects; the first name for findContainers, the first tag for buildImage).
        public var subject: String? {
            switch self {
            case .ping, .observeAllProjects: nil
            case .findContainers(let names): names.first
            case .inspectNetwork(let name), .inspectVolume(let name), .inspectContainer(let name), .removeImage(let name, _),
                 .containerLogs(let name, _), .waitContainer(let name):
                name
            case .buildImage(let spec): spec.tags.first
            case .events(let project, _): project
            case .observe(let project): project
            case .createNetwork(let spec): spec.name
            case .removeNetwork(let name): name
            case .connect(let container, _), .disconnect(let container, _): container
            case .createVolume(let spec): spec.name
            case .removeVolume(let name), .imageID(let name), .pullImage(let name), .inspectImage(let name), .pushImage(let name):
                name
            case .createContainer(let spec): spec.name
            case .copyToContainer(let id, _), .execInContainer(let id, _): id
            case .startContainer(let id), .stopContainer(let id, _), .killContainer(let id, _),
                 .removeContainer(let id, _, _), .renameContainer(let id, _), .pauseContainer(let id),
                 .unpauseContainer(let id):
                id
            }
        }

        /// A one-line rendering for readable test expectations: `createContainer demo-web-1`,
        /// `connect demo-web-1 demo_default`.
        public var description: String {
            switch self {
            case .ping: "ping"
            case .connect(let container, let attachment): "connect \(container) \(attachment.network)"
            case .disconnect(let container, let network): "disconnect \(container) \(network)"
            case .stopContainer(let id, let timeout): "stopContainer \(id)" + (timeout.map { " timeout=\($0)" } ?? "")
            case .killContainer(let id, let signal): "killContainer \(id) \(signal)"
            case .removeContainer(let id, let force, let removeVolumes):
                "removeContainer \(id)" + (force ? " force" : "") + (removeVolumes ? " volumes" : "")
            case .renameContainer(let id, let name): "renameContainer \(id) \(name)"
            case .findContainers(let names): "findContainers \(names.joined(separator: " "))"
            case .buildImage(let spec): "buildImage \(spec.tags.joined(separator: " "))"
            case .removeImage(let reference, let force): "removeImage \(reference)" + (force ? " force" : "")
            case .observeAllProjects: "observeAllProjects"
            case .copyToContainer(let id, let entries): "copyToContainer \(id) " + entries.map(\.containerPath).joined(separator: " ")
            case .execInContainer(let id, let spec): "execInContainer \(id) " + spec.command.joined(separator: " ")
            default: "\(kind.rawValue) \(subject ?? "")"
            }
        }
    }
}
