@testable import ComposeCommands
import Testing

@Suite("Argument rewriting")
struct ArgumentRewriterTests {
    @Test("-f after logs is --follow, also grouped; before it, -f stays the file", arguments: [
        (["logs", "-f"], ["logs", "--follow"]),
        (["-f", "a.yaml", "logs", "-ft", "web"], ["-f", "a.yaml", "logs", "--follow", "-t", "web"]),
        (["-p", "logs", "ps", "-f"], ["-p", "logs", "ps", "-f"]),
        (["--ansi", "never", "logs", "--tail", "5", "-f"], ["--ansi", "never", "logs", "--tail", "5", "--follow"]),
        (["up", "-d"], ["up", "-d"]),
        (["rm", "-fsv"], ["rm", "--force", "-s", "-v"]),
    ])
    func rewrite(input: [String], expected: [String]) {
        #expect(ArgumentRewriter.rewrite(input) == expected)
    }
}

@Suite("Every command's definition")
struct CommandDefinitionTests {
    @Test("--help of every subcommand works (argument definitions are valid: no clashing names)", arguments: [
        "build", "config", "create", "down", "kill", "logs", "ls", "pause", "plan", "ps", "pull", "restart", "rm",
        "start", "stop", "unpause", "up", "version",
    ])
    func help(subcommand: String) throws {
        let result = try ComposeProcess.run([subcommand, "--help"], in: "/tmp")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE: compose \(subcommand)"), "\(result.stdout)")
    }
}
