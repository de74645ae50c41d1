import EngineAPI
import Foundation
import Testing

/// docker compose v2 and swift-compose on one dockerd: each sees the other's containers, neither duplicates
/// or orphans them; and the 20-service stack of issue 3's "done means".
@Suite("Interop with docker compose v2 (SWIFT_COMPOSE_IT=docker)", .serialized, .enabled(if: Integration.dockerEnabled))
struct InteropDockerTests {
    static let plugin = "/usr/local/lib/docker/cli-plugins/docker-compose"
    static var referenceInstalled: Bool { FileManager.default.isExecutableFile(atPath: plugin) }

    /// Runs docker compose v2 in the project's directory.
    static func dockerCompose(_ project: IntegrationProject, _ arguments: [String]) throws -> ComposeProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: plugin)
        process.arguments = ["-p", project.name] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: project.directory)
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "DOCKER_HOST": project.host]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ComposeProcess.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                     stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func twentyServices(changed: Int? = nil) -> String {
        var text = "services:\n"
        for index in 1...20 {
            text += """
                  s\(index):
                    image: \(Integration.image)
                    command: ["sleep", "3600"]
                    init: true
                    environment:
                      INDEX: "\(index)\(changed == index ? "-changed" : "")"

                """
            if index > 1 { text += "    depends_on: [s\(index - 1)]\n" }
        }
        return text
    }

    @Test("20 services: up converges, a second up is read-only, one edit recreates one service, docker compose lists ours, down leaves nothing")
    func twentyServiceStack() async throws {
        let project = try await IntegrationProject(.docker, Self.twentyServices())
        defer { project.cleanUpNow() }
        let up = try project.compose(["up", "-d"])
        #expect(up.status == 0, "\(up.stderr)")
        let before = try await project.containers()
        #expect(before.count == 20)
        #expect(before.values.allSatisfy { $0.state == .running })

        let proxy = try EngineProxy()
        defer { proxy.stop() }
        #expect(try project.compose(["up", "-d"], host: proxy.host).status == 0)
        #expect(proxy.requests().allSatisfy { $0.hasPrefix("GET") || $0.hasPrefix("HEAD") }, "\(proxy.requests())")
        #expect(proxy.requests().count == 5, "\(proxy.requests())")
        #expect(try project.compose(["plan", "--detailed-exitcode"]).status == 0)

        try project.write(Self.twentyServices(changed: 7))
        let plan = try project.compose(["plan", "--detailed-exitcode"])
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("service:s7:1") && plan.stdout.contains("environment changed"), "\(plan.stdout)")
        let recreated = Set(plan.stdout.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first.map(String.init)
        })
        #expect(recreated == ["service:s7:1"], "\(plan.stdout)")
        #expect(try project.compose(["up", "-d"]).status == 0)
        let after = try await project.containers()
        let changed = after.filter { before[$0.key]?.id != $0.value.id }.keys.sorted()
        #expect(changed == ["\(project.name)-s7-1"])

        if Self.referenceInstalled {
            let ps = try Self.dockerCompose(project, ["ps", "--format", "{{.Name}}"])
            #expect(ps.status == 0, "\(ps.stderr)")
            #expect(ps.stdout.split(separator: "\n").count == 20, "\(ps.stdout)")
        }
        #expect(try project.compose(["down"]).status == 0)
        #expect(try await project.observe() == ObservedState())
    }

    @Test("docker compose's containers are ours to see and take down; ours are docker compose's", .enabled(if: referenceInstalled))
    func bothDirections() async throws {
        let project = try await IntegrationProject(.docker, """
            services:
              web:
                image: \(Integration.image)
                command: ["sleep", "3600"]
                init: true
              db:
                image: \(Integration.image)
                command: ["sleep", "3600"]
                init: true
            """)
        defer { project.cleanUpNow() }
        // docker compose brings it up; we see exactly its containers, no orphans, and adding nothing.
        let theirs = try Self.dockerCompose(project, ["up", "-d"])
        #expect(theirs.status == 0, "\(theirs.stderr)")
        let ps = try project.compose(["ps", "--format", "json"])
        #expect(ps.stdout.split(separator: "\n").count == 2, "\(ps.stdout)")
        let up = try project.compose(["up", "-d"])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(!up.stderr.contains("orphan"))
        let containers = try await project.containers()
        #expect(containers.keys.sorted() == ["\(project.name)-db-1", "\(project.name)-web-1"])
        #expect(try await project.observe().networks.count == 1)

        // docker compose sees ours as its own (no orphan warning, no new container) and takes them down.
        let again = try Self.dockerCompose(project, ["up", "-d"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stderr.contains("orphan"), "\(again.stderr)")
        #expect(try await project.containers().count == 2)
        let down = try Self.dockerCompose(project, ["down"])
        #expect(down.status == 0, "\(down.stderr)")
        #expect(try await project.observe() == ObservedState())
    }
}
