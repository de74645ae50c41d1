import ArgumentParser
import ComposeLoader
import ComposeModel

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Parse, resolve and render compose file in canonical format"
    )

    @Option(name: [.customShort("f"), .long], help: "Compose configuration files")
    var file: [String] = []

    @Option(name: [.customShort("p"), .long], help: "Project name")
    var projectName: String?

    @Option(help: "Format the output. Values: [yaml | json]")
    var format: String = "yaml"

    func run() async throws {
        let request = ProjectRequest(files: file.map { ComposeFileSource(path: $0) }, projectName: projectName)
        let project = try ProjectLoader.load(request)
        print(format == "json" ? project.document.jsonString() : YAMLRenderer.render(project.document))
    }
}
