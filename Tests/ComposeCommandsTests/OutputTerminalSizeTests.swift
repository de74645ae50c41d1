@testable import ComposeCommands
import Testing

@Suite("Output: terminal size")
struct OutputTerminalSizeTests {
    @Test("a descriptor that is not a terminal has no columns")
    func notATerminal() {
        #expect(TerminalSize.columns(of: -1) == 0)
        #expect(!TerminalSize.isTerminal(-1))
    }
}
