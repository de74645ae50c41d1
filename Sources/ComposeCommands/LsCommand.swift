import ArgumentParser
import EngineAPI
import Foundation

/// `compose ls`: every project the engine runs, from one list of labelled containers.
struct LsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List running compose projects")

    @OptionGroup var engineOptions: EngineOptions

    @Flag(name: [.customShort("a"), .long], help: "Show all stopped Compose projects")
    var all = false

    @Option(help: "Filter output based on conditions provided (supported filters: name)")
    var filter: [String] = []

    @Option(help: "Format the output. Values: [table | json]")
    var format: String = "table"

    @Flag(name: [.customShort("q"), .long], help: "Only display project names")
    var quiet = false

    func validate() throws {
        if !["table", "json"].contains(format) {
            throw ValidationError("unsupported --format value \"\(format)\": use table or json")
        }
        for item in filter where !item.hasPrefix("name=") {
            throw ValidationError("invalid filter \"\(item)\": the supported filter is name=VALUE")
        }
    }

    func run() async throws {
        let engine = try engineOptions.makeEngine()
        let containers: [ObservedContainer]
        do {
            containers = try await engine.observeAllProjects()
        } catch {
            throw CommandFailure(error.description)
        }
        let names = filter.map { String($0.dropFirst("name=".count)) }
        var byProject: [String: [ObservedContainer]] = [:]
        for container in containers {
            guard let project = container.project else { continue }
            byProject[project, default: []].append(container)
        }
        let entries = byProject.compactMap { name, members -> LsFormatter.Entry? in
            if !names.isEmpty && !names.contains(where: { name.contains($0) }) { return nil }
            if !all && !members.contains(where: { $0.state == .running }) { return nil }
            return LsFormatter.Entry(name: name, status: LsFormatter.status(states: members.map(\.state.rawValue)),
                                     configFiles: LsFormatter.configFiles(labels: members.map { $0.labels[OwnershipLabels.configFiles] }))
        }
        switch (quiet, format) {
        case (true, _): StandardOutput.write(LsFormatter.quiet(entries))
        case (false, "json"): StandardOutput.write(LsFormatter.json(entries))
        default: StandardOutput.write(LsFormatter.table(entries))
        }
    }
}
