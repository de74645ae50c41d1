@testable import ComposeCommands
import ComposeLoader
import Foundation
import Testing

@Suite("Project request from flags and environment")
struct ProjectRequestBuilderTests {
    private func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "swift-compose-req-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func global(_ arguments: [String]) throws -> GlobalOptions {
        try GlobalOptions.parse(arguments)
    }

    @Test("-f paths are made absolute against the current directory, in order")
    func explicitFiles() throws {
        let builder = ProjectRequestBuilder(global: try global(["-f", "a.yml", "-f", "/x/b.yml"]),
                                            environment: [:], currentDirectory: "/work/p")
        let (request, warnings) = try builder.build()
        #expect(request.files.map(\.path) == ["/work/p/a.yml", "/x/b.yml"])
        #expect(warnings.isEmpty)
    }

    @Test("COMPOSE_FILE is split on COMPOSE_PATH_SEPARATOR")
    func composeFileVariable() throws {
        let builder = ProjectRequestBuilder(
            global: try global([]),
            environment: ["COMPOSE_FILE": "one.yml;sub/two.yml", "COMPOSE_PATH_SEPARATOR": ";"],
            currentDirectory: "/p")
        let (request, _) = try builder.build()
        #expect(request.files.map(\.path) == ["/p/one.yml", "/p/sub/two.yml"])
    }

    @Test("-f wins over COMPOSE_FILE")
    func flagWins() throws {
        let builder = ProjectRequestBuilder(global: try global(["-f", "x.yml"]),
                                            environment: ["COMPOSE_FILE": "y.yml"], currentDirectory: "/p")
        #expect(try builder.build().0.files.map(\.path) == ["/p/x.yml"])
    }

    @Test("discovery walks up to the nearest directory with a compose file and adds its override")
    func discovery() throws {
        let root = try scratch()
        let nested = root + "/a/b"
        try FileManager.default.createDirectory(atPath: nested, withIntermediateDirectories: true)
        try "services: {}\n".write(toFile: root + "/compose.yaml", atomically: true, encoding: .utf8)
        try "services: {}\n".write(toFile: root + "/compose.override.yml", atomically: true, encoding: .utf8)
        let builder = ProjectRequestBuilder(global: try global([]), environment: [:], currentDirectory: nested)
        let (request, _) = try builder.build()
        #expect(request.files.map(\.path) == [root + "/compose.yaml", root + "/compose.override.yml"])
    }

    @Test("fig.yml is found as a legacy fallback, with a warning")
    func legacyDiscovery() throws {
        let root = try scratch()
        try "web:\n  image: x\n".write(toFile: root + "/fig.yml", atomically: true, encoding: .utf8)
        let result = try #require(ComposeFileDiscovery.discover(from: root))
        #expect(result.files == [root + "/fig.yml"])
        #expect(result.warnings.count == 1)
        #expect(result.warnings[0].contains("deprecated"))
    }

    @Test("compose.yaml is preferred over docker-compose.yml, with a warning naming both")
    func preference() throws {
        let root = try scratch()
        try "services: {}\n".write(toFile: root + "/compose.yaml", atomically: true, encoding: .utf8)
        try "services: {}\n".write(toFile: root + "/docker-compose.yml", atomically: true, encoding: .utf8)
        let result = try #require(ComposeFileDiscovery.discover(from: root))
        #expect(result.files == [root + "/compose.yaml"])
        #expect(result.warnings.first?.contains("multiple config files") == true)
    }

    @Test("no compose file anywhere is an error")
    func nothingFound() throws {
        let root = try scratch()
        let builder = ProjectRequestBuilder(global: try global([]), environment: [:], currentDirectory: root)
        #expect(throws: (any Error).self) { try builder.build() }
    }

    @Test("COMPOSE_PROFILES is used when no --profile is given")
    func profilesVariable() throws {
        let builder = ProjectRequestBuilder(global: try global(["-f", "a.yml"]),
                                            environment: ["COMPOSE_PROFILES": "debug, ops"], currentDirectory: "/p")
        #expect(try builder.build().0.options.profiles == ["debug", "ops"])
        let flagged = ProjectRequestBuilder(global: try global(["-f", "a.yml", "--profile", "x"]),
                                            environment: ["COMPOSE_PROFILES": "debug"], currentDirectory: "/p")
        #expect(try flagged.build().0.options.profiles == ["x"])
    }

    @Test("-f - reads standard input and the project lives in the current directory")
    func standardInput() throws {
        var builder = ProjectRequestBuilder(global: try global(["-f", "-"]), environment: [:], currentDirectory: "/p")
        builder.readStandardInput = { "services: {}\n" }
        let (request, _) = try builder.build()
        #expect(request.files.first?.content == "services: {}\n")
        #expect(request.projectDirectory == "/p")
    }

    @Test("--env-file paths are absolute; none means the default .env")
    func envFiles() throws {
        let none = ProjectRequestBuilder(global: try global(["-f", "a.yml"]), environment: [:], currentDirectory: "/p")
        #expect(try none.build().0.envFiles == nil)
        let some = ProjectRequestBuilder(global: try global(["-f", "a.yml", "--env-file", "x.env"]),
                                         environment: [:], currentDirectory: "/p")
        #expect(try some.build().0.envFiles == ["/p/x.env"])
    }
}
