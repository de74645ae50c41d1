import Foundation
import TarArchive
import Testing

/// Archives made by other implementations: GNU tar and Python's tarfile (GNU and PAX formats).
@Suite("Tar archives from GNU tar and Python")
struct TarForeignArchiveTests {
    @Test("GNU tar's gnu format: long names and link targets (L/K), dirs, symlinks, hardlinks, numeric owners")
    func gnuTarGNUFormat() throws {
        let directory = try TarTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let long = String(repeating: "d", count: 120) + "/" + String(repeating: "f", count: 110)
        try FileManager.default.createDirectory(atPath: directory + "/src/" + String(long.split(separator: "/")[0]), withIntermediateDirectories: true)
        try Data("payload".utf8).write(to: URL(fileURLWithPath: directory + "/src/" + long))
        try FileManager.default.createSymbolicLink(atPath: directory + "/src/sym", withDestinationPath: long)
        try FileManager.default.linkItem(atPath: directory + "/src/" + long, toPath: directory + "/src/hard")
        try TarTestSupport.run(["chmod", "4750", directory + "/src/hard"])
        try TarTestSupport.run(["chown", "-h", "1234:5678", directory + "/src/sym"])
        try TarTestSupport.run(["tar", "--format=gnu", "--sort=name", "--mtime=@1600000000", "-cf", "../g.tar", "."],
                               in: directory + "/src")
        let members = try TarTestSupport.readAll(TarTestSupport.bytes(atPath: directory + "/g.tar"))
        let byPath = Dictionary(uniqueKeysWithValues: members.map { ($0.entry.path, $0) })
        #expect(members.map(\.entry.path) == ["./", "./" + String(long.split(separator: "/")[0]) + "/", "./" + long, "./hard", "./sym"])
        let file = try #require(byPath["./" + long])
        #expect(file.entry.type == .file)
        #expect(file.data == Array("payload".utf8))
        #expect(file.entry.mode == 0o4750)
        #expect(file.entry.modificationTime == 1_600_000_000)
        let hard = try #require(byPath["./hard"])
        #expect(hard.entry.type == .hardlink)
        #expect(hard.entry.linkTarget == "./" + long)
        #expect(hard.data.isEmpty)
        let sym = try #require(byPath["./sym"])
        #expect(sym.entry.type == .symlink)
        #expect(sym.entry.linkTarget == long)
        #expect(sym.entry.uid == 1234)
        #expect(sym.entry.gid == 5678)
    }

    @Test("GNU tar's posix format: PAX path, mtime and user.* xattrs")
    func gnuTarPOSIXFormat() throws {
        let directory = try TarTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let name = "é" + String(repeating: "x", count: 150)
        try FileManager.default.createDirectory(atPath: directory + "/src", withIntermediateDirectories: true)
        try Data("p".utf8).write(to: URL(fileURLWithPath: directory + "/src/" + name))
        // user.* xattrs need filesystem support; the check is skipped where setting one fails.
        let hasXattr = (try? TarTestSupport.python("import os; os.setxattr('src/\(name)', 'user.note', b'v1')", in: directory)) != nil
        try TarTestSupport.run(["tar", "--format=posix", "--xattrs", "--xattrs-include=user.*", "--mtime=@1600000000",
                                "-cf", "../p.tar", name], in: directory + "/src")
        let members = try TarTestSupport.readAll(TarTestSupport.bytes(atPath: directory + "/p.tar"))
        #expect(members.count == 1)
        #expect(members.first?.entry.path == name)
        #expect(members.first?.entry.modificationTime == 1_600_000_000)
        #expect(members.first?.data == Array("p".utf8))
        if hasXattr { #expect(members.first?.entry.xattrs == ["user.note": Array("v1".utf8)]) }
    }

    @Test("Python tarfile PAX format: global header, xattrs, big ids, fractional mtime, devices, fifo")
    func pythonPAX() throws {
        let directory = try TarTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TarTestSupport.python("""
        import io, tarfile
        with tarfile.open("x.tar", "w", format=tarfile.PAX_FORMAT, pax_headers={"uname": "globaluser"}) as t:
            i = tarfile.TarInfo("dir/" + "n" * 200)
            i.size = 3; i.uid = 70000000; i.gid = 2; i.mtime = 1600000000.75; i.mode = 0o2755
            i.pax_headers = {"SCHILY.xattr.security.capability": "\\x01\\x02", "SCHILY.xattr.user.a": "b"}
            t.addfile(i, io.BytesIO(b"abc"))
            d = tarfile.TarInfo("dev/tty"); d.type = tarfile.CHRTYPE; d.devmajor = 5; d.devminor = 0; d.mode = 0o620
            t.addfile(d)
            f = tarfile.TarInfo("fifo"); f.type = tarfile.FIFOTYPE; t.addfile(f)
            o = tarfile.TarInfo("old"); o.uname = "own"; o.mtime = -100.5; t.addfile(o, io.BytesIO(b""))
        """, in: directory)
        let members = try TarTestSupport.readAll(TarTestSupport.bytes(atPath: directory + "/x.tar"))
        #expect(members.map(\.entry.path) == ["dir/" + String(repeating: "n", count: 200), "dev/tty", "fifo", "old"])
        let first = members[0].entry
        #expect(first.uid == 70_000_000)
        #expect(first.gid == 2)
        #expect(first.mode == 0o2755)
        #expect(first.modificationTime == 1_600_000_000)
        #expect(first.userName == "globaluser")
        // Python encodes str values as UTF-8: U+0001 U+0002 become the bytes 1, 2.
        #expect(first.xattrs == ["security.capability": [1, 2], "user.a": [UInt8(ascii: "b")]])
        #expect(members[0].data == Array("abc".utf8))
        #expect(members[1].entry.type == .characterDevice)
        #expect(members[1].entry.deviceMajor == 5)
        #expect(members[1].entry.mode == 0o620)
        #expect(members[2].entry.type == .fifo)
        // POSIX: global records override the ustar fields of every later entry.
        #expect(members[3].entry.userName == "globaluser")
        #expect(members[3].entry.modificationTime == -101)
    }

    @Test("Python tarfile GNU format: long names and links through L and K entries, base-256 ids")
    func pythonGNU() throws {
        let directory = try TarTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TarTestSupport.python("""
        import io, tarfile
        with tarfile.open("g.tar", "w", format=tarfile.GNU_FORMAT) as t:
            s = tarfile.TarInfo("s" * 150); s.type = tarfile.SYMTYPE; s.linkname = "t" * 160; t.addfile(s)
            h = tarfile.TarInfo("h"); h.type = tarfile.LNKTYPE; h.linkname = "s" * 150; t.addfile(h)
            b = tarfile.TarInfo("big"); b.uid = 3000000000; b.size = 1; t.addfile(b, io.BytesIO(b"!"))
        """, in: directory)
        let members = try TarTestSupport.readAll(TarTestSupport.bytes(atPath: directory + "/g.tar"))
        #expect(members.map(\.entry.path) == [String(repeating: "s", count: 150), "h", "big"])
        #expect(members[0].entry.linkTarget == String(repeating: "t", count: 160))
        #expect(members[1].entry.type == .hardlink)
        #expect(members[1].entry.linkTarget == String(repeating: "s", count: 150))
        #expect(members[2].entry.uid == 3_000_000_000)
        #expect(members[2].data == Array("!".utf8))
    }
}
