import EngineAPI
@testable import EngineDocker
import Foundation
import Testing

@Suite("Docker build context")
struct DockerBuildContextTests {
    /// A context directory with `files` (path → content) and a symlink; removed by the caller.
    static func makeContext(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("swc-ctx-\(UUID().uuidString)").path
        for (path, content) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(content.utf8).write(to: URL(fileURLWithPath: full))
        }
        return root
    }

    static func tar(_ context: DockerBuildContext) throws -> [UInt8] {
        try TarReading.write { try context.write(to: $0) }
    }

    static func names(_ archive: [UInt8]) throws -> [String] {
        try TarReading.list(archive).map { String($0.split(separator: " ", maxSplits: 1)[1]) }
    }

    static func extract(_ archive: [UInt8], _ member: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swc-tar-\(UUID().uuidString).tar").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(archive).write(to: URL(fileURLWithPath: path))
        return try TarReading.run(["tar", "-xOf", path, member])
    }

    @Test("sorted entries without ignored files; Dockerfile and .dockerignore are sent even when ignored")
    func ignoring() throws {
        let root = try Self.makeContext([
            "Dockerfile": "FROM scratch\n", ".dockerignore": "*.secret\nlogs\n!logs/keep.log\nDockerfile\n.dockerignore\nnode_modules/\n",
            "a.secret": "s", "src/main.c": "int main;", "src/x.secret": "kept: only top-level *.secret is ignored",
            "logs/debug.log": "d", "logs/keep.log": "k", "node_modules/m/index.js": "m",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: "src/main.c")
        let context = try DockerBuildContext(BuildSpec(context: root, tags: ["t"]))
        #expect(context.dockerfile == "Dockerfile")
        let archive = try Self.tar(context)
        #expect(try Self.names(archive) == [".dockerignore", "Dockerfile", "link -> src/main.c", "logs/keep.log", "src/", "src/main.c", "src/x.secret"])
        // Deterministic: the same tree gives the same bytes.
        #expect(try Self.tar(context) == archive)
    }

    @Test("a Dockerfile in a subdirectory is named by its relative path")
    func relativeDockerfile() throws {
        let root = try Self.makeContext(["docker/app.Dockerfile": "FROM scratch\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        var spec = BuildSpec(context: root, tags: [])
        spec.dockerfile = "docker/app.Dockerfile"
        #expect(try DockerBuildContext(spec).dockerfile == "docker/app.Dockerfile")
        spec.dockerfile = root + "/docker/app.Dockerfile"
        #expect(try DockerBuildContext(spec).dockerfile == "docker/app.Dockerfile")
        spec.dockerfile = "missing.Dockerfile"
        #expect(throws: EngineError.self) { try DockerBuildContext(spec) }
    }

    @Test("an inline Dockerfile is added under a generated name that the .dockerignore the daemon sees leaves out")
    func inline() throws {
        let root = try Self.makeContext(["a.txt": "a", ".dockerignore": "b.txt"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        var spec = BuildSpec(context: root, tags: [])
        spec.dockerfileInline = "FROM scratch\nCOPY . /\n"
        let context = try DockerBuildContext(spec)
        #expect(context.dockerfile == DockerBuildContext.generatedName("FROM scratch\nCOPY . /\n".utf8))
        #expect(context.dockerfile.hasPrefix(".swift-compose.Dockerfile."))
        let archive = try Self.tar(context)
        #expect(try Self.names(archive) == [".dockerignore", "a.txt", context.dockerfile])
        #expect(try Self.extract(archive, ".dockerignore") == "b.txt\n\(context.dockerfile)\n")
        #expect(try Self.extract(archive, context.dockerfile) == "FROM scratch\nCOPY . /\n")
    }

    @Test("a Dockerfile outside the context travels in the tar; a synthesized .dockerignore names itself too")
    func outside() throws {
        let root = try Self.makeContext(["ctx/a.txt": "a", "other/Dockerfile": "FROM scratch\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        var spec = BuildSpec(context: root + "/ctx", tags: [])
        spec.dockerfile = "../other/Dockerfile"
        let context = try DockerBuildContext(spec)
        let archive = try Self.tar(context)
        #expect(try Self.names(archive) == ["a.txt", ".dockerignore", context.dockerfile])
        #expect(try Self.extract(archive, ".dockerignore") == ".dockerignore\n\(context.dockerfile)\n")
    }

    @Test("build request: tags, JSON args and labels, options, rm and forcerm")
    func request() {
        var spec = BuildSpec(context: "/c", tags: ["p-web", "p-web:extra"])
        spec.args = [BuildArgument(name: "V", value: "1"), BuildArgument(name: "W", value: "a b")]
        spec.labels = ["l": "x"]
        spec.target = "final"
        spec.noCache = true
        spec.pull = true
        spec.network = "host"
        spec.extraHosts = ["db:10.0.0.5"]
        spec.shmSize = 1024
        spec.platform = "linux/amd64"
        let request = DockerEngine.buildRequest(spec, dockerfile: "Dockerfile")
        #expect("\(request.method) \(request.target(version: "1.41"))" == "POST /v1.41/build?dockerfile=Dockerfile&t=p-web&t=p-web%3Aextra"
            + "&buildargs=%7B%22V%22%3A%221%22%2C%22W%22%3A%22a%20b%22%7D&labels=%7B%22l%22%3A%22x%22%7D&target=final&nocache=1&pull=1"
            + "&networkmode=host&extrahosts=db%3A10.0.0.5&shmsize=1024&platform=linux%2Famd64&rm=1&forcerm=1")
        #expect(request.timeoutSeconds == 3600)
    }
}
