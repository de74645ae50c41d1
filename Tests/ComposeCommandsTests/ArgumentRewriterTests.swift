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
    ])
    func rewrite(input: [String], expected: [String]) {
        #expect(ArgumentRewriter.rewrite(input) == expected)
    }
}
