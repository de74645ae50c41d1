@testable import ComposeCommands
import Testing

@Suite("compose version")
struct VersionCommandTests {
    @Test("parses --short")
    func parsesShort() throws {
        let command = try ComposeCommand.parseAsRoot(["version", "--short"])
        #expect(command is VersionCommand)
    }
}
