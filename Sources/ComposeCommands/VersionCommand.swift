import ArgumentParser

struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Show the swift-compose version information"
    )

    @Option(name: [.customShort("f"), .long], help: "Format the output. Values: [pretty | json]")
    var format: String = "pretty"

    @Flag(help: "Shows only swift-compose's version number")
    var short = false

    func run() async throws {
        if short {
            print(ComposeVersion.current)
        } else if format == "json" {
            print("{\"version\":\"\(ComposeVersion.current)\"}")
        } else {
            print("swift-compose version \(ComposeVersion.current)")
        }
    }
}
