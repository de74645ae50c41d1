@testable import ComposeCommands
import Testing

@Suite("Every command's definition")
struct CommandDefinitionTests {
    @Test("--help of every subcommand works (argument definitions are valid: no clashing names)", arguments: [
        "build", "config", "create", "down", "images", "kill", "logs", "ls", "pause", "plan", "ps", "pull", "push", "restart", "rm",
        "start", "stop", "unpause", "up", "version", "engine", "engine images", "engine load", "engine save", "engine prune",
        "engine info",
    ])
    func help(subcommand: String) throws {
        let result = try ComposeProcess.run(subcommand.split(separator: " ").map(String.init) + ["--help"], in: "/tmp")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE: compose \(subcommand)"), "\(result.stdout)")
    }
}
