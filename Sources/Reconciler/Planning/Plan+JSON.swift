import ComposeModel
import EngineAPI

extension Plan {
    /// The plan as JSON, in the shape `schemas/plan.schema.json` describes (keys in a fixed order).
    public func jsonString() -> String {
        let root: [(String, ComposeNode)] = [
            ("project", .string(project)),
            ("converged", .bool(isConverged)),
            ("operations", .sequence(operations.map(Self.node))),
            ("warnings", .sequence(warnings.map { .string($0) })),
        ]
        return ComposeNode.mapping(ComposeMapping(root)).jsonString() + "\n"
    }

    private static func node(_ planned: PlannedOperation) -> ComposeNode {
        .mapping(ComposeMapping([
            ("id", .int(planned.id)),
            ("resource", .string(planned.resource.description)),
            ("operation", .string(planned.operation.kind)),
            ("summary", .string(planned.operation.summary)),
            ("arguments", .mapping(ComposeMapping(arguments(planned.operation)))),
            ("cause", node(planned.cause)),
            ("dependencies", .sequence(planned.dependencies.map { .int($0) })),
        ]))
    }

    private static func node(_ cause: Cause) -> ComposeNode {
        var pairs: [(String, ComposeNode)] = [("kind", .string(cause.kind)), ("text", .string(cause.text))]
        switch cause {
        case .configChanged(let fields): pairs.append(("fields", strings(fields)))
        case .stopped(let code?): pairs.append(("exitCode", .int(code)))
        case .dependencyRecreated(let service): pairs.append(("service", .string(service)))
        case .neededBy(let services): pairs.append(("services", strings(services)))
        case .networkDrift(let details), .volumeDrift(let details): pairs.append(("details", strings(details)))
        case .networkRecreated(let network), .notConnected(let network): pairs.append(("network", .string(network)))
        case .volumeRecreated(let volume): pairs.append(("volume", .string(volume)))
        case .requested(let command): pairs.append(("command", .string(command)))
        default: break
        }
        return .mapping(ComposeMapping(pairs))
    }

    /// The operation's arguments that identify what it acts on (full specs stay out: they are long and
    /// belong to `config`).
    private static func arguments(_ operation: Operation) -> [(String, ComposeNode)] {
        switch operation {
        case .createNetwork(let spec):
            return [("name", .string(spec.name)), ("driver", .string(spec.driver ?? "bridge"))]
        case .removeNetwork(let name), .removeVolume(let name):
            return [("name", .string(name))]
        case .connectNetwork(let container, let attachment):
            return [("container", ref(container)), ("network", .string(attachment.network)),
                    ("aliases", strings(attachment.aliases))]
        case .disconnectNetwork(let container, let network):
            return [("container", ref(container)), ("network", .string(network))]
        case .createVolume(let spec):
            return [("name", .string(spec.name)), ("driver", .string(spec.driver ?? "local"))]
        case .pullImage(let reference), .pushImage(let reference):
            return [("image", .string(reference))]
        case .buildImage(let service, let image):
            return [("service", .string(service)), ("image", .string(image))]
        case .createContainer(let spec, let inherit):
            return [("name", .string(spec.name)), ("image", .string(spec.image)),
                    ("inheritVolumesFrom", inherit.map(ref) ?? .null())]
        case .startContainer(let container), .unpauseContainer(let container), .pauseContainer(let container):
            return [("container", ref(container))]
        case .killContainer(let container, let signal):
            return [("container", ref(container)), ("signal", .string(signal))]
        case .removeImage(let reference):
            return [("image", .string(reference))]
        case .stopContainer(let container, let timeout):
            return [("container", ref(container)), ("timeout", timeout.map { .int($0) } ?? .null())]
        case .removeContainer(let container, let removeVolumes, let force):
            return [("container", ref(container)), ("removeVolumes", .bool(removeVolumes)), ("force", .bool(force))]
        case .renameContainer(let from, let to):
            return [("container", ref(from)), ("name", .string(to))]
        case .waitFor(let service, let condition, let required):
            return [("service", .string(service)), ("condition", .string(condition.rawValue)),
                    ("required", .bool(required))]
        }
    }

    private static func ref(_ container: ContainerRef) -> ComposeNode {
        .mapping(ComposeMapping([("id", container.id.map { .string($0) } ?? .null()), ("name", .string(container.name))]))
    }

    private static func strings(_ values: [String]) -> ComposeNode {
        .sequence(values.map { .string($0) })
    }
}
