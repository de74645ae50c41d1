import EngineAPI
@testable import EngineEmbedded
import Foundation
import Glibc
import Testing

enum BuildIntegration {
    static var enabled: Bool {
        getuid() == 0 && (ProcessInfo.processInfo.environment["SWIFT_COMPOSE_IT"] ?? "").contains("embedded")
            && BuildProcess.find("runc") != nil && FileManager.default.fileExists(atPath: "/bin/busybox")
    }
}

/// Real builds: runc containers over overlay mounts, as root. Run when SWIFT_COMPOSE_IT contains
/// `embedded` and runc is installed. The base image is made by the builder itself from the host's static
/// busybox (no network).
@Suite("Builder integration (root, runc)", .enabled(if: BuildIntegration.enabled), .serialized)
struct BuildIntegrationTests {
    /// A state directory and a context directory, removed afterwards (after checking nothing stays mounted).
    final class Fixture: @unchecked Sendable {
        let root: String
        var state: String { root + "/state" }
        var context: String { root + "/context" }
        let tag = "it-busybox-\(UInt32.random(in: 0...UInt32.max))"
        var lines: [String] = []
        private let lock = NSLock()

        init() throws {
            root = NSTemporaryDirectory() + "swift-compose-build-it-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: root + "/state", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: root + "/context", withIntermediateDirectories: true)
        }

        deinit {
            if !Fixture.mounts(under: root).isEmpty {
                for mount in Fixture.mounts(under: root).reversed() { _ = umount2(mount, Int32(MNT_DETACH)) }
            }
            try? FileManager.default.removeItem(atPath: root)
        }

        static func mounts(under path: String) -> [String] {
            // Read to EOF: procfs reports size 0, and a whole-file read can stop after the first page.
            let data = FileHandle(forReadingAtPath: "/proc/self/mountinfo")?.readDataToEndOfFile() ?? Data()
            let text = String(decoding: data, as: UTF8.self)
            return text.split(separator: "\n").compactMap { line in
                let fields = line.split(separator: " ")
                guard fields.count > 4 else { return nil }
                return fields[4].hasPrefix(path) ? String(fields[4]) : nil
            }
        }

        func write(_ name: String, _ text: String) throws {
            let path = context + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }

        func build(_ dockerfile: String, tag: String, noCache: Bool = false, labels: [String: String] = [:]) async throws -> String {
            var spec = BuildSpec(context: context, tags: [tag])
            spec.dockerfileInline = dockerfile
            spec.noCache = noCache
            spec.labels = labels
            lock.withLock { lines.removeAll() }
            return try await ImageBuilder(stateDirectory: state).build(spec, output: { [self] line in
                lock.withLock { lines.append(line) }
            }, pull: { reference in
                throw EngineError(.notFound, "no registry in this test: \(reference)")
            })
        }

        var output: [String] { lock.withLock { lines } }

        /// The output lines of the step whose header line ends with `display`.
        func status(of display: String) -> [String] {
            let lines = output
            guard let header = lines.first(where: { $0.hasSuffix("] " + display) }),
                  let number = header.split(separator: " ").first else { return [] }
            return lines.filter { $0.hasPrefix(number + " ") && $0 != header }.map { String($0.dropFirst(number.count + 1)) }
        }

        func makeBase() async throws -> String {
            try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: context + "/busybox")
            return try await build("""
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                """, tag: tag)
        }

        /// Mounts the image's layers read-only (through a throwaway upper) and hands the rootfs to `body`.
        func withRootfs<T>(_ reference: String, _ body: (String, OCIImageConfig) throws -> T) throws -> T {
            let images = ImageStore(root: state)
            let parsed = try #require(ImageReference(parsing: reference))
            let record = try #require(try images.record(for: parsed))
            let config = try images.config(of: record)
            let layers = LayerStore(root: state)
            let chain = LayerStore.chainIDs(config.rootfs.diffIDs)
            let overlay = try OverlayMount.mount(lowers: chain.reversed().map(layers.directory(of:)), in: root + "/inspect-\(UUID().uuidString)")
            defer { overlay.remove() }
            return try body(overlay.rootfs, config)
        }
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static let multiStage = """
        FROM %BASE% AS builder
        RUN mkdir -p /out && echo built > /out/result.txt
        FROM %BASE%
        ENV GREETING=hello
        WORKDIR /app
        COPY --from=builder /out/result.txt ./
        COPY app.txt .
        COPY . /ctx/
        RUN mkdir -m 1777 /tmp && mkdir -p /etc && echo 'appuser:x:1234:1234::/home/appuser:/bin/sh' > /etc/passwd
        USER appuser
        LABEL com.example.test=yes
        RUN echo "$GREETING $(id -u) $(pwd)" > /tmp/whoami
        CMD ["cat", "/app/result.txt"]
        """

    @Test("multi-stage build: config, files, .dockerignore, no runc stubs; an identical rebuild is all cached; a changed file busts the cache from its COPY on")
    func multiStage() async throws {
        let fixture = try Fixture()
        let baseID = try await fixture.makeBase()
        #expect(fixture.status(of: "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]") == ["DONE"])
        try fixture.write("app.txt", "v1\n")
        try fixture.write("keep/me.txt", "kept\n")
        try fixture.write("secret.txt", "secret\n")
        try fixture.write("debug.log", "log\n")
        try fixture.write(".dockerignore", "secret.txt\n*.log\nbusybox\n")
        let dockerfile = Self.multiStage.replacingOccurrences(of: "%BASE%", with: fixture.tag)
        let first = try await fixture.build(dockerfile, tag: "it-app:1", labels: ["com.docker.compose.project": "it"])
        #expect(first.hasPrefix("sha256:"))
        #expect(first != baseID)
        try fixture.withRootfs("it-app:1") { rootfs, config in
            let runtime = config.config
            #expect(runtime?.env == ["GREETING=hello"])
            #expect(runtime?.workingDir == "/app")
            #expect(runtime?.user == "appuser")
            #expect(runtime?.labels == ["com.example.test": "yes", "com.docker.compose.project": "it"])
            #expect(runtime?.cmd == ["cat", "/app/result.txt"])
            #expect(config.rootfs.diffIDs.count == 2 + 6)
            #expect(config.history?.count == 2 + 10)
            #expect(config.history?.filter { $0.emptyLayer != true }.count == 8)
            #expect(Self.read(rootfs + "/app/result.txt") == "built\n")
            #expect(Self.read(rootfs + "/app/app.txt") == "v1\n")
            #expect(Self.read(rootfs + "/ctx/keep/me.txt") == "kept\n")
            #expect(!FileManager.default.fileExists(atPath: rootfs + "/ctx/secret.txt"))
            #expect(!FileManager.default.fileExists(atPath: rootfs + "/ctx/debug.log"))
            #expect(Self.read(rootfs + "/tmp/whoami") == "hello 1234 /app\n")
            #expect(Self.read(rootfs + "/etc/passwd")?.contains("appuser:x:1234:") == true)
        }
        // The RUN layers hold only the step's changes: no proc/sys/dev/etc/hosts stubs.
        let layers = LayerStore(root: fixture.state)
        let images = ImageStore(root: fixture.state)
        let appReference = try #require(ImageReference(parsing: "it-app:1"))
        let config = try images.config(of: try #require(try images.record(for: appReference)))
        let chain = LayerStore.chainIDs(config.rootfs.diffIDs)
        let lastRun = layers.directory(of: chain[chain.count - 1])
        #expect(BuildSources.entries(lastRun) == ["tmp"])
        let installRun = layers.directory(of: chain[1])
        #expect(BuildSources.entries(installRun) == ["bin"])

        // Unchanged: every step cached, same id, no RUN output.
        let second = try await fixture.build(dockerfile, tag: "it-app:2", labels: ["com.docker.compose.project": "it"])
        #expect(second == first)
        #expect(fixture.status(of: "COPY app.txt .") == ["CACHED"])
        #expect(fixture.status(of: "RUN echo \"$GREETING $(id -u) $(pwd)\" > /tmp/whoami") == ["CACHED"])

        // A changed file: the steps before its COPY are cached, it and the later ones run again.
        try fixture.write("app.txt", "v2\n")
        let third = try await fixture.build(dockerfile, tag: "it-app:3", labels: ["com.docker.compose.project": "it"])
        #expect(third != first)
        #expect(fixture.status(of: "COPY --from=builder /out/result.txt ./") == ["CACHED"])
        #expect(fixture.status(of: "COPY app.txt .") == ["DONE"])
        #expect(fixture.status(of: "RUN echo \"$GREETING $(id -u) $(pwd)\" > /tmp/whoami") == ["DONE"])
        try fixture.withRootfs("it-app:3") { rootfs, _ in
            #expect(Self.read(rootfs + "/app/app.txt") == "v2\n")
        }
        #expect(Fixture.mounts(under: fixture.root).isEmpty)
    }

    @Test("a failing RUN reports its exit code and output, and leaves no mount behind; what a dead build left is swept")
    func failingRun() async throws {
        let fixture = try Fixture()
        _ = try await fixture.makeBase()
        do {
            _ = try await fixture.build("FROM \(fixture.tag)\nRUN echo going down && exit 3\n", tag: "it-fail:1")
            Issue.record("the build should fail")
        } catch let error as EngineError {
            #expect(error.message == "Dockerfile:2: RUN echo going down && exit 3: exit code 3")
        }
        #expect(fixture.output.contains { $0.hasSuffix(" going down") })
        #expect(Fixture.mounts(under: fixture.root).isEmpty)
        #expect(BuildSources.entries(fixture.state + "/build").filter { $0 != "runc" } == [])
        // A build that died (its lock free) left a mounted step directory: the next build cleans it up.
        let dead = fixture.state + "/build/deadbeef-1"
        _ = try OverlayMount.mount(lowers: [], in: dead)
        #expect(FileManager.default.createFile(atPath: fixture.state + "/build/deadbeef.lock", contents: nil))
        #expect(Fixture.mounts(under: dead).count == 1)
        _ = try await fixture.build("FROM \(fixture.tag)\nRUN true\n", tag: "it-after:1")
        #expect(Fixture.mounts(under: fixture.root).isEmpty)
        #expect(BuildSources.entries(fixture.state + "/build").filter { $0 != "runc" } == [])
    }

    @Test("COPY --chown by name, --chmod, ADD of a local tar archive is extracted")
    func copyFlags() async throws {
        let fixture = try Fixture()
        _ = try await fixture.makeBase()
        try fixture.write("f.txt", "f\n")
        try fixture.write("tree/a.txt", "a\n")
        let tarball = fixture.root + "/t"
        try FileManager.default.createDirectory(atPath: tarball + "/inner", withIntermediateDirectories: true)
        try Data("in tar\n".utf8).write(to: URL(fileURLWithPath: tarball + "/inner/x.txt"))
        let tar = try await BuildProcess.run("/usr/bin/tar", ["-czf", fixture.context + "/bundle.tar.gz", "-C", tarball, "inner"])
        #expect(tar.status == 0)
        let id = try await fixture.build("""
            FROM \(fixture.tag)
            RUN mkdir -p /etc && echo 'owner:x:2000:2000::/:/bin/sh' > /etc/passwd && echo 'owner:x:2000:' > /etc/group
            COPY --chown=owner --chmod=600 f.txt /data/
            COPY tree /data/tree
            ADD bundle.tar.gz /unpacked/
            RUN rm /data/tree/a.txt && rm -r /unpacked/inner && mkdir /unpacked/inner
            """, tag: "it-copy:1")
        try fixture.withRootfs("it-copy:1") { rootfs, _ in
            var info = stat()
            #expect(lstat(rootfs + "/data/f.txt", &info) == 0)
            #expect(info.st_uid == 2000)
            #expect(info.st_gid == 2000)
            #expect(info.st_mode & 0o7777 == 0o600)
            // Deleted by the last RUN: whiteouts and an opaque directory in its layer.
            #expect(FileManager.default.fileExists(atPath: rootfs + "/data/tree"))
            #expect(!FileManager.default.fileExists(atPath: rootfs + "/data/tree/a.txt"))
            #expect(BuildSources.entries(rootfs + "/unpacked/inner") == [])
            #expect(!FileManager.default.fileExists(atPath: rootfs + "/unpacked/bundle.tar.gz"))
        }
        // Before the RUN that deletes them, the files were there.
        let images = ImageStore(root: fixture.state)
        let record = try #require(try images.record(id: id))
        let chain = LayerStore.chainIDs(try images.config(of: record).rootfs.diffIDs)
        let layers = LayerStore(root: fixture.state)
        #expect(Self.read(layers.directory(of: chain[chain.count - 3]) + "/data/tree/a.txt") == "a\n")
        #expect(Self.read(layers.directory(of: chain[chain.count - 2]) + "/unpacked/inner/x.txt") == "in tar\n")
    }

    @Test("ONBUILD triggers run in the child build and leave its config; --target stops at a stage; build args reach RUN; network none and extra hosts")
    func onbuildAndTarget() async throws {
        let fixture = try Fixture()
        _ = try await fixture.makeBase()
        _ = try await fixture.build("FROM \(fixture.tag)\nONBUILD RUN echo triggered > /trigger\n", tag: "it-onbuild:1")
        var spec = BuildSpec(context: fixture.context, tags: ["it-child:1"])
        spec.dockerfileInline = """
            ARG FLAVOUR=plain
            FROM it-onbuild:1 AS child
            ARG FLAVOUR
            RUN ls /sys/class/net > /nets && grep db /etc/hosts > /hostsline
            RUN echo "$FLAVOUR" > /flavour
            FROM child AS never
            RUN exit 1
            """
        spec.target = "child"
        spec.network = "none"
        spec.extraHosts = ["db:10.0.0.5"]
        spec.args = [BuildArgument(name: "FLAVOUR", value: "spicy")]
        _ = try await ImageBuilder(stateDirectory: fixture.state).build(spec, output: { _ in }, pull: { _ in })
        try fixture.withRootfs("it-child:1") { rootfs, config in
            #expect(Self.read(rootfs + "/trigger") == "triggered\n")
            #expect(Self.read(rootfs + "/flavour") == "spicy\n")
            #expect(config.config?.onBuild == nil)
            #expect(Self.read(rootfs + "/nets") == "lo\n")
            #expect(Self.read(rootfs + "/hostsline") == "10.0.0.5\tdb\n")
            #expect(config.history?.last?.createdBy == "|1 FLAVOUR=spicy /bin/sh -c echo \"$FLAVOUR\" > /flavour")
        }
    }

    @Test("cancelling a build kills the running step's container and cleans up")
    func cancellation() async throws {
        let fixture = try Fixture()
        _ = try await fixture.makeBase()
        let task = Task { try await fixture.build("FROM \(fixture.tag)\nRUN echo started && sleep 60\n", tag: "it-cancel:1") }
        while !fixture.output.contains(where: { $0.hasSuffix(" started") }) {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("the build should have been cancelled")
        } catch let error as EngineError {
            #expect(error.message == "Dockerfile:2: RUN echo started && sleep 60: build cancelled")
        }
        #expect(Fixture.mounts(under: fixture.root).isEmpty)
        #expect(BuildSources.entries(fixture.state + "/build/runc") == [])
    }
}
