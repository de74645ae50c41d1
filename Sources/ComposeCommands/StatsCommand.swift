import ArgumentParser
import EngineAPI
import Foundation
import Glibc

/// `compose stats`: live CPU, memory, network and block I/O and pids of the services' containers.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats",
                                                    abstract: "Display a live stream of container(s) resource usage statistics")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Flag(name: [.customShort("a"), .long], help: "Show all containers (default shows just running)")
    var all = false

    @Option(help: "Format output using a custom template: 'table' or 'json'")
    var format = "table"

    @Flag(help: "Disable streaming stats and only pull the first result")
    var noStream = false

    @Flag(help: "Do not truncate output")
    var noTrunc = false

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("invalid --format \"\(format)\": use table or json") }
    }

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        let formatter = StatsFormatter(noTrunc: noTrunc)
        let clear = !noStream && format == "table" && isatty(STDOUT_FILENO) == 1
        var previous: [String: ContainerStats] = [:]
        var first = true
        while true {
            let observed = try await context.observe()
            let containers = context.serviceContainers(observed) { all || $0.state == .running }
            var current: [String: ContainerStats] = [:]
            for container in containers where [.running, .paused].contains(container.state) {
                if let stats = try? await context.engine.statsContainer(container.id) { current[container.id] = stats }
            }
            if first {
                // CPU is a rate: a second reading a moment later gives the first figures, as docker does.
                first = false
                previous = current
                try await Task.sleep(for: .milliseconds(500))
                continue
            }
            let rows = containers.map { container in
                current[container.id].map { formatter.row(id: container.id, name: container.plainName, previous: previous[container.id], current: $0) }
                    ?? StatsFormatter.Row(id: noTrunc ? container.id : String(container.id.prefix(12)), name: container.plainName,
                                          cpu: "0.00%", memoryUsage: "0B / 0B", memoryPercent: "0.00%", networkIO: "0B / 0B",
                                          blockIO: "0B / 0B", pids: "0")
            }
            let text = format == "json" ? formatter.json(rows) : formatter.table(rows)
            StandardOutput.write((clear ? "\u{1B}[2J\u{1B}[H" : "") + text)
            if noStream { return }
            previous = current
            try await Task.sleep(for: .seconds(1))
        }
    }
}
