import ArgumentParser
import EngineAPI
import Foundation
import Reconciler

/// `compose ps`: the project's containers, from one observation (no per-container inspect).
struct PsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List containers")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Flag(name: [.customShort("a"), .long], help: "Show all stopped containers (including those created by the run command)")
    var all = false

    @Option(help: "Filter services by a property (supported filters: status, label)")
    var filter: [String] = []

    @Option(help: "Format output using a custom template: 'table' (default), 'json'")
    var format: String = "table"

    @Flag(help: "Don't truncate output")
    var noTrunc = false

    @Flag(name: [.customShort("q"), .long], help: "Only display IDs")
    var quiet = false

    @Flag(help: "Display services")
    var services = false

    @Option(help: "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]")
    var status: [String] = []

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    static let states = ["paused", "restarting", "removing", "running", "dead", "created", "exited"]

    func validate() throws {
        for value in status where !Self.states.contains(value) {
            throw ValidationError("invalid status \"\(value)\": use one of \(Self.states.joined(separator: ", "))")
        }
        _ = try filters()
        if !["table", "json"].contains(format) {
            throw ValidationError("unsupported --format value \"\(format)\": use table or json")
        }
    }

    /// `--filter status=running`, `--filter label=key` or `label=key=value`.
    func filters() throws -> (statuses: [String], labels: [(String, String?)]) {
        var statuses: [String] = []
        var labels: [(String, String?)] = []
        for item in filter {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("invalid filter \"\(item)\": use status=VALUE or label=KEY[=VALUE]") }
            switch parts[0] {
            case "status":
                guard Self.states.contains(parts[1]) else { throw ValidationError("invalid status filter \"\(parts[1])\"") }
                statuses.append(parts[1])
            case "label":
                let label = parts[1].split(separator: "=", maxSplits: 1).map(String.init)
                labels.append((label[0], label.count == 2 ? label[1] : nil))
            default:
                throw ValidationError("invalid filter \"\(parts[0])\": supported filters are status and label")
            }
        }
        return (statuses, labels)
    }

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        let observed = try await context.observe()
        let (filterStatuses, labels) = try filters()
        let wanted = Set(status + filterStatuses)
        let containers = observed.containers.filter { container in
            guard context.scope.isSelectedService(container.service) else { return false }
            if !wanted.isEmpty { return wanted.contains(container.state.rawValue) }
            if !all && container.state != .running && container.state != .restarting && container.state != .paused {
                return false
            }
            return labels.allSatisfy { key, value in
                guard let found = container.labels[key] else { return false }
                return value.map { $0 == found } ?? true
            }
        }
        let entries = containers.map(Self.entry)
        if quiet {
            StandardOutput.write(PsFormatter.quiet(entries))
        } else if services {
            StandardOutput.write(PsFormatter.services(entries))
        } else {
            let formatter = PsFormatter(now: Date(), truncate: !noTrunc)
            StandardOutput.write(try formatter.render(entries, format: format))
        }
    }

    static func entry(_ container: ObservedContainer) -> PsEntry {
        PsEntry(id: container.id, name: container.plainName, image: container.image, command: container.command,
                project: container.project ?? "", service: container.service ?? "", created: Int64(container.created),
                state: container.state.rawValue, status: container.status,
                health: container.health == .none ? "" : container.health.rawValue, exitCode: container.exitCode ?? 0,
                ports: container.ports.map { port in
                    PsEntry.Port(hostIP: port.hostIP ?? "", hostPort: port.hostPort ?? 0, containerPort: port.containerPort,
                                 proto: port.portProtocol.rawValue)
                },
                labels: container.labels, networks: container.networks)
    }
}
