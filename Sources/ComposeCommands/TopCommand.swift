import ArgumentParser
import EngineAPI
import Foundation

/// `compose top`: the processes of each running service container, as docker compose prints them.
struct TopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top", abstract: "Display the running processes")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        let observed = try await context.observe()
        let running = context.serviceContainers(observed) { $0.state == .running }
        var text = ""
        for container in running {
            let table: ProcessTable
            do {
                table = try await context.engine.topContainer(container.id)
            } catch {
                throw CommandFailure(error.description)
            }
            text += TopCommand.render(name: container.plainName, table: table)
        }
        StandardOutput.write(text)
    }

    /// The container's name, then its table with columns three spaces apart, then a blank line.
    static func render(name: String, table: ProcessTable) -> String {
        let rows = [table.titles] + table.processes
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var text = name + "\n"
        for row in rows {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }
            text += cells.joined() + "\n"
        }
        return text + "\n"
    }
}
