import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

@Suite("Volume store: records, Docker's create/remove semantics, bind volumes, copy-up")
struct VolumeStoreTests {
    let root = NSTemporaryDirectory() + "swc-volumes-\(UUID().uuidString.prefix(8))"
    var store: VolumeStore { VolumeStore(stateRoot: root + "/state") }

    func spec(_ name: String, driver: String? = nil, options: [String: String] = [:], labels: [String: String] = [:]) -> VolumeSpec {
        var spec = VolumeSpec(name: name)
        spec.driver = driver
        spec.driverOptions = options
        spec.labels = labels
        return spec
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: root) }

    @Test("create writes _data and volume.json; creating again returns the existing volume unchanged")
    func createIdempotent() throws {
        defer { cleanup() }
        let first = try store.create(spec("proj_data", labels: ["com.docker.compose.project": "proj"]))
        #expect(first.driver == "local" && !first.anonymous && !first.populated)
        #expect(FileManager.default.fileExists(atPath: root + "/state/volumes/proj_data/_data"))
        #expect(FileManager.default.fileExists(atPath: root + "/state/volumes/proj_data/volume.json"))
        let again = try store.create(spec("proj_data", driver: "local", labels: ["other": "x"]))
        #expect(again == first)
        #expect(try store.inspect("proj_data") == first)
        #expect(try store.inspect("absent") == nil)
        #expect(first.observed == ObservedVolume(name: "proj_data", driver: "local", labels: ["com.docker.compose.project": "proj"]))
        #expect(try store.hostPath(of: "proj_data") == root + "/state/volumes/proj_data/_data")
    }

    @Test("list is sorted and skips half-created directories; remove deletes; absent and in-use are refused")
    func listAndRemove() throws {
        defer { cleanup() }
        _ = try store.create(spec("b_vol"))
        _ = try store.create(spec("a_vol"))
        try FileManager.default.createDirectory(atPath: root + "/state/volumes/crashed/_data", withIntermediateDirectories: true)
        #expect(try store.list().map(\.name) == ["a_vol", "b_vol"])
        let inUse = #expect(throws: EngineError.self) { try store.remove("a_vol", inUseBy: ["abc123", "def456"]) }
        #expect(inUse?.code == .conflict)
        #expect(inUse?.message == "remove a_vol: volume is in use - [abc123 def456]")
        try FileManager.default.createDirectory(atPath: root + "/state/volumes/.removing-old-1234/_data", withIntermediateDirectories: true)
        try store.remove("a_vol")
        #expect(!FileManager.default.fileExists(atPath: root + "/state/volumes/a_vol"))
        #expect(try store.list().map(\.name) == ["b_vol"])
        let absent = #expect(throws: EngineError.self) { try store.remove("a_vol") }
        #expect(absent?.code == .notFound)
        #expect(absent?.message == "get a_vol: no such volume")
        #expect(try FileSystem.list(root + "/state/volumes").filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("anonymous volumes get a 64-hex name, the anonymous flag and Docker's label")
    func anonymous() throws {
        defer { cleanup() }
        let one = try store.createAnonymous(labels: ["com.docker.compose.project": "p"])
        let two = try store.createAnonymous()
        #expect(one.name.count == 64 && one.name.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(one.name != two.name)
        #expect(one.anonymous)
        #expect(one.labels == ["com.docker.compose.project": "p", VolumeStore.anonymousLabel: ""])
        #expect(try store.list().count == 2)
    }

    @Test("invalid names are refused", arguments: ["", "a", "_x", ".hidden", "-x", "a/b", "a b", "ü-vol", "../up"])
    func invalidNames(name: String) throws {
        let error = #expect(throws: EngineError.self) { try store.create(spec(name)) }
        #expect(error?.code == .invalidArgument)
        #expect(try store.inspect(name) == nil)
        let removal = #expect(throws: EngineError.self) { try store.remove(name) }
        #expect(removal?.code == .notFound)
    }

    @Test("valid names are accepted", arguments: ["ab", "0x", "My_Vol-1.2", "a.."])
    func validNames(name: String) throws {
        defer { cleanup() }
        #expect(try store.create(spec(name)).name == name)
    }

    @Test("other drivers and mount types are unsupported, naming what was asked")
    func unsupported() {
        defer { cleanup() }
        let driver = #expect(throws: EngineError.self) { try store.create(spec("v1", driver: "rexray")) }
        #expect(driver?.code == .unsupported)
        #expect(driver?.message.contains("\"rexray\"") == true)
        let nfs = #expect(throws: EngineError.self) {
            try store.create(spec("v2", options: ["type": "nfs", "o": "addr=10.0.0.1", "device": ":/export"]))
        }
        #expect(nfs?.code == .unsupported)
        #expect(nfs?.message.contains("type=nfs") == true)
        let tmpfs = #expect(throws: EngineError.self) { try store.create(spec("v3", options: ["type": "tmpfs", "device": "tmpfs"])) }
        #expect(tmpfs?.code == .unsupported)
        let key = #expect(throws: EngineError.self) { try store.create(spec("v4", options: ["size": "1g"])) }
        #expect(key?.code == .invalidArgument)
        let relative = #expect(throws: EngineError.self) {
            try store.create(spec("v5", options: ["type": "none", "o": "bind", "device": "rel/dir"]))
        }
        #expect(relative?.code == .invalidArgument)
        #expect(!FileManager.default.fileExists(atPath: root + "/state/volumes/v1"))
    }

    @Test("a bind volume uses its device as host path (copy-up included); removing it keeps the device")
    func bindVolume() throws {
        defer { cleanup() }
        let device = root + "/device"
        let record = try store.create(spec("bound", options: ["type": "none", "o": "bind", "device": device]))
        #expect(record.bindDevice == device)
        let missing = #expect(throws: EngineError.self) { try store.hostPath(of: "bound") }
        #expect(missing?.code == .notFound)
        let image = root + "/image"
        try FileManager.default.createDirectory(atPath: image, withIntermediateDirectories: true)
        try Data("from image".utf8).write(to: URL(fileURLWithPath: image + "/seed"))
        let noDevice = #expect(throws: EngineError.self) { try store.populate("bound", from: image) }
        #expect(noDevice?.code == .notFound)
        try FileManager.default.createDirectory(atPath: device, withIntermediateDirectories: true)
        #expect(try store.populate("bound", from: image))
        #expect(FileManager.default.fileExists(atPath: device + "/seed"))
        try Data("keep".utf8).write(to: URL(fileURLWithPath: device + "/file"))
        #expect(try store.hostPath(of: "bound") == device)
        try store.remove("bound")
        #expect(FileManager.default.fileExists(atPath: device + "/file"))
    }

    @Test("copy-up copies nested dirs, modes, symlinks, hard links and times once, only into an empty volume")
    func populateOnce() throws {
        defer { cleanup() }
        let image = root + "/rootfs/var/lib/app"
        let manager = FileManager.default
        try manager.createDirectory(atPath: image + "/nested/deeper", withIntermediateDirectories: true)
        try Data("config".utf8).write(to: URL(fileURLWithPath: image + "/app.conf"))
        try Data("deep".utf8).write(to: URL(fileURLWithPath: image + "/nested/deeper/file"))
        try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: image + "/run.sh"))
        chmod(image + "/run.sh", 0o4755)
        chmod(image + "/nested", 0o750)
        chmod(image, 0o710)
        link(image + "/app.conf", image + "/nested/hard.conf")
        symlink("nested/deeper/file", image + "/link")
        symlink("/etc/passwd", image + "/absolute")
        mkfifo(image + "/fifo", 0o600)
        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
        utimensat(AT_FDCWD, image + "/app.conf", &times, 0)
        if getuid() == 0 { lchown(image + "/nested/deeper/file", 1234, 4321) }

        _ = try store.create(spec("appdata"))
        #expect(try store.populate("appdata", from: image))
        let data = try store.hostPath(of: "appdata")
        #expect(try String(contentsOfFile: data + "/nested/deeper/file", encoding: .utf8) == "deep")
        #expect(try manager.destinationOfSymbolicLink(atPath: data + "/link") == "nested/deeper/file")
        #expect(try manager.destinationOfSymbolicLink(atPath: data + "/absolute") == "/etc/passwd")
        #expect(mode(data + "/run.sh") == 0o4755)
        #expect(mode(data + "/nested") == 0o750)
        #expect(mode(data) == 0o710)
        #expect(mode(data + "/fifo") == 0o600 && type(data + "/fifo") == S_IFIFO)
        var conf = stat()
        var hard = stat()
        stat(data + "/app.conf", &conf)
        stat(data + "/nested/hard.conf", &hard)
        #expect(conf.st_ino == hard.st_ino)
        #expect(conf.st_mtim.tv_sec == 1_000_000_000)
        if getuid() == 0 {
            var owned = stat()
            stat(data + "/nested/deeper/file", &owned)
            #expect(owned.st_uid == 1234 && owned.st_gid == 4321)
        }
        #expect(try store.inspect("appdata")?.populated == true)

        // Once only: emptied by the user, it is not filled again.
        try manager.removeItem(atPath: data + "/app.conf")
        #expect(try store.populate("appdata", from: image) == false)
        #expect(!manager.fileExists(atPath: data + "/app.conf"))
    }

    @Test("copy-up skips a volume that already has content, and waits for an image that has some")
    func populateSkips() throws {
        defer { cleanup() }
        let image = root + "/image"
        try FileManager.default.createDirectory(atPath: image, withIntermediateDirectories: true)
        _ = try store.create(spec("filled"))
        try Data("mine".utf8).write(to: URL(fileURLWithPath: try store.hostPath(of: "filled") + "/own"))
        try Data("image".utf8).write(to: URL(fileURLWithPath: image + "/theirs"))
        #expect(try store.populate("filled", from: image) == false)
        #expect(!FileManager.default.fileExists(atPath: try store.hostPath(of: "filled") + "/theirs"))

        _ = try store.create(spec("later"))
        #expect(try store.populate("later", from: root + "/absent-target") == false)
        #expect(try store.inspect("later")?.populated == false)
        #expect(try store.populate("later", from: image))
        #expect(FileManager.default.fileExists(atPath: try store.hostPath(of: "later") + "/theirs"))
        let absent = #expect(throws: EngineError.self) { try store.populate("nothere", from: image) }
        #expect(absent?.code == .notFound)
    }

    @Test("concurrent creates of one name give one volume; concurrent copy-ups copy once")
    func concurrent() async throws {
        defer { cleanup() }
        let image = root + "/image"
        try FileManager.default.createDirectory(atPath: image + "/sub", withIntermediateDirectories: true)
        for index in 0..<50 { try Data("\(index)".utf8).write(to: URL(fileURLWithPath: image + "/sub/f\(index)")) }
        let store = self.store
        let created = try await withThrowingTaskGroup(of: VolumeRecord.self) { group in
            for _ in 0..<8 { group.addTask { try store.create(VolumeSpec(name: "shared")) } }
            return try await group.reduce(into: [VolumeRecord]()) { $0.append($1) }
        }
        #expect(Set(created).count == 1)
        let copies = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 { group.addTask { try store.populate("shared", from: image) } }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(copies == 1)
        #expect(try FileSystem.list(store.hostPath(of: "shared") + "/sub").count == 50)
    }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o7777
    }

    private func type(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & S_IFMT
    }
}
