@testable import ComposeCommands
import Testing

@Suite("CommandShorthand: -f after logs and rm")
struct CommandShorthandTests {
    @Test("logs -f is --follow, also in a cluster; the global -f before the command stays --file")
    func logs() {
        #expect(CommandShorthand.rewrite(["-f", "a.yaml", "-p", "logs", "logs", "-f", "web"])
                == ["-f", "a.yaml", "-p", "logs", "logs", "--follow", "web"])
        #expect(CommandShorthand.rewrite(["logs", "-ft", "-n", "5"]) == ["logs", "--follow", "-t", "-n", "5"])
        #expect(CommandShorthand.rewrite(["logs", "-t"]) == ["logs", "-t"])
        #expect(CommandShorthand.rewrite(["logs", "--", "-f"]) == ["logs", "--", "-f"])
    }

    @Test("rm -f is --force, also in -sfv; other commands are untouched")
    func rm() {
        #expect(CommandShorthand.rewrite(["--dry-run", "rm", "-sfv", "app"]) == ["--dry-run", "rm", "-s", "--force", "-v", "app"])
        #expect(CommandShorthand.rewrite(["rm", "-f"]) == ["rm", "--force"])
        #expect(CommandShorthand.rewrite(["config", "-f", "x"]) == ["config", "-f", "x"])
        #expect(CommandShorthand.rewrite(["up", "-d"]) == ["up", "-d"])
    }
}
