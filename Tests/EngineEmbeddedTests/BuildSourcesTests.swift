import EngineAPI
@testable import EngineEmbedded
import Foundation
import Glibc
import Testing

@Suite("Build sources: rootfs paths, globs, .dockerignore, content hash, copy semantics")
struct BuildSourcesTests {
    final class Directory {
        let path = NSTemporaryDirectory() + "swift-compose-sources-\(UUID().uuidString)"

        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        func write(_ name: String, _ text: String) throws {
            let file = path + "/" + name
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        }

        func read(_ name: String) -> String? {
            FileManager.default.contents(atPath: path + "/" + name).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    @Test("symlinks resolve inside the root: absolute targets and .. never leave it")
    func rootfsPath() throws {
        let root = try Directory()
        try FileManager.default.createDirectory(atPath: root.path + "/usr/lib", withIntermediateDirectories: true)
        #expect(symlink("/", root.path + "/escape") == 0)
        #expect(symlink("../../../..", root.path + "/usr/up") == 0)
        #expect(symlink("usr/lib", root.path + "/lib") == 0)
        #expect(try RootfsPath.resolve("/escape/etc/passwd", in: root.path) == root.path + "/etc/passwd")
        #expect(try RootfsPath.resolve("/usr/up/etc", in: root.path) == root.path + "/etc")
        #expect(try RootfsPath.resolve("/lib/x", in: root.path) == root.path + "/usr/lib/x")
        #expect(try RootfsPath.resolve("/lib", in: root.path, followFinal: false) == root.path + "/lib")
        #expect(symlink("loop", root.path + "/loop") == 0)
        #expect(throws: EngineError.self) { try RootfsPath.resolve("/loop/x", in: root.path) }
    }

    @Test("globs match per path component; .dockerignore hides files from globs, names and directory copies")
    func globsAndIgnore() throws {
        let context = try Directory()
        for name in ["a.txt", "b.txt", "c.md", "src/x.go", "src/y.go", "src/skip.log", "secret"] { try context.write(name, name) }
        let ignore = try DockerIgnore(lines: DockerIgnore.lines(of: "secret\n**/*.log\nb.txt\n"))
        let sources = BuildSources(root: context.path, ignore: ignore)
        #expect(try sources.resolve(["*.txt"], instruction: "COPY").map(\.relative) == ["a.txt"])
        #expect(try sources.resolve(["src/*.go", "/c.md"], instruction: "COPY").map(\.relative) == ["src/x.go", "src/y.go", "c.md"])
        #expect(throws: EngineError.self) { try sources.resolve(["secret"], instruction: "COPY") }
        #expect(throws: EngineError.self) { try sources.resolve(["../outside"], instruction: "COPY") }
        #expect(throws: EngineError.self) { try sources.resolve(["*.none"], instruction: "COPY") }
        let whole = try sources.resolve(["."], instruction: "COPY")
        #expect(whole.map(\.relative) == [""])
        let before = try sources.hash(whole)
        try context.write("src/other.log", "ignored change")
        #expect(try sources.hash(whole) == before)
        try context.write("src/x.go", "changed")
        #expect(try sources.hash(whole) != before)
        #expect(chmod(context.path + "/a.txt", 0o755) == 0)
        let modes = try sources.hash(sources.resolve(["a.txt"], instruction: "COPY"))
        #expect(chmod(context.path + "/a.txt", 0o644) == 0)
        #expect(try sources.hash(sources.resolve(["a.txt"], instruction: "COPY")) != modes)
    }

    @Test("copy: a directory copies its contents, a file goes into a dir destination, --chmod applies, links stay links")
    func copySemantics() throws {
        let context = try Directory()
        let rootfs = try Directory()
        try context.write("dir/one.txt", "1")
        try context.write("dir/sub/two.txt", "2")
        try context.write("file.txt", "f")
        #expect(symlink("one.txt", context.path + "/dir/link") == 0)
        try FileManager.default.createDirectory(atPath: rootfs.path + "/existing", withIntermediateDirectories: true)
        let sources = BuildSources(root: context.path, ignore: nil)
        let copier = BuildCopier(rootfs: rootfs.path, sources: sources, owner: nil, preserveOwner: false, chmod: nil)
        try copier.copy(sources.resolve(["dir"], instruction: "COPY"), to: "/app", destinationIsDirectory: false)
        #expect(rootfs.read("app/one.txt") == "1")
        #expect(rootfs.read("app/sub/two.txt") == "2")
        #expect(try RootfsPath.readLink(rootfs.path + "/app/link") == "one.txt")
        try copier.copy(sources.resolve(["file.txt"], instruction: "COPY"), to: "/new/", destinationIsDirectory: true)
        #expect(rootfs.read("new/file.txt") == "f")
        try copier.copy(sources.resolve(["file.txt"], instruction: "COPY"), to: "/existing", destinationIsDirectory: false)
        #expect(rootfs.read("existing/file.txt") == "f")
        try copier.copy(sources.resolve(["file.txt"], instruction: "COPY"), to: "/renamed", destinationIsDirectory: false)
        #expect(rootfs.read("renamed") == "f")
        let modes = BuildCopier(rootfs: rootfs.path, sources: sources, owner: nil, preserveOwner: false, chmod: 0o600)
        try modes.copy(sources.resolve(["file.txt"], instruction: "COPY"), to: "/renamed", destinationIsDirectory: false)
        var info = stat()
        #expect(lstat(rootfs.path + "/renamed", &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o600)
    }

    @Test("copy into a rootfs whose directory is a symlink to / stays inside the rootfs")
    func copyThroughHostileLink() throws {
        let context = try Directory()
        let rootfs = try Directory()
        let outside = try Directory()
        try context.write("x", "x")
        #expect(symlink(outside.path, rootfs.path + "/target") == 0)
        let sources = BuildSources(root: context.path, ignore: nil)
        let copier = BuildCopier(rootfs: rootfs.path, sources: sources, owner: nil, preserveOwner: false, chmod: nil)
        try copier.copy(sources.resolve(["x"], instruction: "COPY"), to: "/target/", destinationIsDirectory: true)
        #expect(outside.read("x") == nil)
        #expect(rootfs.read(String(outside.path.dropFirst()) + "/x") == "x")
    }

    @Test("users resolve in passwd/group; --chown without a group uses the uid")
    func users() throws {
        let users = RootfsUsers(passwd: "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n",
                                group: "root:x:0:\napp:x:1001:\nextra:x:2000:app,other\n")
        #expect(try users.process("") == .init(uid: 0, gid: 0, additionalGids: [], home: "/root"))
        #expect(try users.process("app") == .init(uid: 1000, gid: 1001, additionalGids: [2000], home: "/home/app"))
        #expect(try users.process("1000:extra") == .init(uid: 1000, gid: 2000, additionalGids: [], home: "/home/app"))
        #expect(try users.process("4242") == .init(uid: 4242, gid: 0, additionalGids: [], home: "/"))
        #expect(throws: EngineError.self) { try users.process("nobody") }
        #expect(try users.owner("app") == (1000, 1000))
        #expect(try users.owner("app:extra") == (1000, 2000))
        #expect(try users.owner("5:6") == (5, 6))
    }
}
