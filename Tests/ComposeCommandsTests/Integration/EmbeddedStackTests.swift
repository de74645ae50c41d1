import EngineAPI
import EngineEmbedded
import Foundation
import Testing

/// The embedded engine's acceptance tests, through the `compose` binary: the 3-tier sample (`samples/hello`)
/// built, served, SIGKILLed mid-`up` and adopted, then taken down without a trace on the host; and
/// containers that outlive the `compose` process that started them.
@Suite("embedded engine acceptance (SWIFT_COMPOSE_IT=embedded, root)", .serialized, .enabled(if: Integration.embeddedEnabled))
struct EmbeddedStackTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// `samples/hello` in a fresh project directory with its own state directory, published on a free port.
    static func helloProject() async throws -> (project: IntegrationProject, port: Int) {
        let sample = repository + "/samples/hello"
        let port = try HostProbe.freePort()
        let compose = try String(contentsOfFile: sample + "/compose.yaml", encoding: .utf8)
            .replacingOccurrences(of: "\"8080:80\"", with: "\"127.0.0.1:\(port):80\"")
        let state = NSTemporaryDirectory() + "swc-emb-hello-\(UUID().uuidString.prefix(8).lowercased())"
        let project = try await IntegrationProject(.embedded, compose, prefix: "swchello", stateDirectory: state)
        for directory in ["app", "web", "image"] {
            try FileManager.default.copyItem(atPath: sample + "/" + directory, toPath: project.directory + "/" + directory)
        }
        let prepared = try HostProbe.run("/bin/sh", [repository + "/samples/build/prepare-rootfs.sh", project.directory + "/image/rootfs"])
        try #require(prepared.status == 0, "\(prepared.output)")
        return (project, port)
    }

    /// The project's container ids by name.
    static func ids(of project: IntegrationProject) async throws -> [String: String] {
        try await project.containers().mapValues(\.id)
    }

    @Test("samples/hello: up --build --wait serves HTTP; a SIGKILLed up is adopted, not duplicated; down -v leaves nothing")
    func helloStack() async throws {
        let (project, port) = try await Self.helloProject()
        defer {
            project.cleanUpNow()
            try? FileManager.default.removeItem(atPath: project.stateDirectory)
        }
        let names = ["app", "db", "web"].map { "\(project.name)-\($0)-1" }

        // The first up is killed once it has created a container: whatever it made is adopted by the next.
        let first = try project.launch(["up", "-d", "--build", "--wait"])
        let created = try await LifecycleSupport.eventually(timeout: .seconds(300)) {
            try await !project.containers().isEmpty || !first.process.isRunning
        }
        #expect(created, "no container within 300 s: \(first.stderr)")
        try await Task.sleep(for: .milliseconds(Int.random(in: 0...1_500)))
        first.signal(SIGKILL)
        _ = await first.finish(timeout: .seconds(30))
        let partial = try await Self.ids(of: project)

        let up = try project.compose(["up", "-d", "--build", "--wait"])
        try #require(up.status == 0, "\(up.stdout)\(up.stderr)")
        let converged = try await Self.ids(of: project)
        #expect(converged.keys.sorted() == names, "\(converged.keys.sorted())")
        for (name, id) in partial {
            #expect(converged[name] == id, "\(name) made by the killed up is adopted, not recreated")
        }
        #expect(try await project.containers().values.allSatisfy { $0.state == .running && $0.health == .healthy })

        let answer = await HostProbe.httpGet(port: port, path: "/cgi-bin/api")
        #expect(answer.contains("Hello from the database"), "\(answer)")

        // An attached up SIGKILLed while it follows the logs: the stack stays, the next up keeps every container.
        let attached = try project.launch(["up"])
        #expect(await attached.waitForOutput("Attaching to"), "\(attached.stdout)\(attached.stderr)")
        attached.signal(SIGKILL)
        _ = await attached.finish(timeout: .seconds(30))
        let again = try project.compose(["up", "-d", "--wait"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(try await Self.ids(of: project) == converged)
        #expect(try project.compose(["plan", "--detailed-exitcode"]).status == 0)

        // What the stack holds on the host, to check after down.
        guard let embedded = project.engine as? EmbeddedEngine else {
            Issue.record("not the embedded engine")
            return
        }
        let observed = try await project.observe()
        #expect(observed.networks.map(\.name).sorted() == ["\(project.name)_backend", "\(project.name)_frontend"])
        let bridges = observed.networks.map { embedded.networks.bridgeName(for: $0.name) }
        let namespaces = converged.values.map { NetworkNamespace(id: $0).path }
        #expect(namespaces.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "each container has its netns")
        #expect(bridges.allSatisfy { HostProbe.links().contains($0) }, "each network has its bridge")

        let down = try project.compose(["down", "-v"])
        #expect(down.status == 0, "\(down.stderr)")
        #expect(try await project.observe() == ObservedState())
        for namespace in namespaces {
            #expect(!FileManager.default.fileExists(atPath: namespace), "\(namespace) is left")
        }
        let links = HostProbe.links()
        for bridge in bridges {
            #expect(!links.contains(bridge), "link \(bridge) is left")
        }
        let mounts = HostProbe.mountPoints().filter { $0.hasPrefix(project.stateDirectory) }
        #expect(mounts.isEmpty, "mounts left under the state directory: \(mounts)")
        let rules = try HostProbe.run("/usr/sbin/iptables", ["-S"]).output
            + (try HostProbe.run("/usr/sbin/iptables", ["-t", "nat", "-S"]).output)
        for name in bridges + Array(converged.values) {
            let left = rules.split(separator: "\n").filter { $0.contains(name) }
            #expect(left.isEmpty, "iptables rules naming \(name): \(left)")
        }
        for directory in ["containers", "networks", "volumes"] {
            let left = (try? FileManager.default.contentsOfDirectory(atPath: project.stateDirectory + "/" + directory)) ?? []
            #expect(left.isEmpty, "\(directory) left: \(left)")
        }
    }

    @Test("the supervisors outlive compose: after up -d exits the containers run, and a new compose ps shows them")
    func supervisorsSurvive() async throws {
        let project = try await IntegrationProject(.embedded, """
            services:
              one:
                image: \(Integration.image)
                command: ["sleep", "3600"]
                init: true
              two:
                image: \(Integration.image)
                command: ["sleep", "3600"]
                init: true
            """)
        defer { project.cleanUpNow() }
        let up = try project.launch(["up", "-d"])
        let result = await up.finish(timeout: .seconds(120))
        try #require(result.status == 0, "\(result.stderr)")
        #expect(kill(up.pid, 0) != 0, "the compose process is gone")

        // Give a supervisor tied to compose the time to notice it is gone.
        try await Task.sleep(for: .seconds(2))
        let ids = try await project.containers().mapValues(\.id)
        #expect(ids.count == 2)
        for id in ids.values {
            let supervisors = HostProbe.processes(containing: ["compose-shim", id])
            #expect(!supervisors.isEmpty, "the supervisor of \(id) runs")
        }
        let ps = try project.compose(["ps", "--status", "running", "-q"])
        #expect(ps.status == 0, "\(ps.stderr)")
        let listed = Set(ps.stdout.split(separator: "\n").map(String.init))
        for id in ids.values {
            #expect(listed.contains { id.hasPrefix($0) }, "\(id) running in \(listed)")
        }
        #expect(try await project.containers().values.allSatisfy { $0.state == .running })
    }
}
