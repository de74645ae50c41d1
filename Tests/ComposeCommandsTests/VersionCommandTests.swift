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

@Suite("global options")
struct GlobalOptionsParsingTests {
    @Test("global flags before the command name")
    func before() throws {
        let command = try ComposeCommand.parseAsRoot(["-f", "a.yml", "-p", "x", "config", "--format", "json"])
        let config = try #require(command as? ConfigCommand)
        #expect(config.global.file == ["a.yml"])
        #expect(config.global.projectName == "x")
    }

    @Test("global flags after the command name")
    func after() throws {
        let command = try ComposeCommand.parseAsRoot(["config", "-f", "a.yml", "-f", "b.yml"])
        let config = try #require(command as? ConfigCommand)
        #expect(config.global.file == ["a.yml", "b.yml"])
    }
}
