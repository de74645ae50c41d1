import EngineAPI
import Foundation

/// `USER`/`--chown` values resolved in a rootfs's `/etc/passwd` and `/etc/group`, as runc and Docker do it.
struct RootfsUsers {
    struct Resolved: Sendable, Hashable {
        var uid: UInt32
        var gid: UInt32
        var additionalGids: [UInt32]
        var home: String
    }

    struct Entry {
        var name: String
        var id: UInt32
        var gid: UInt32
        var home: String
        var members: [String]
    }

    var passwd: [Entry]
    var groups: [Entry]

    init(rootfs: String) {
        self.init(passwd: Self.read("/etc/passwd", rootfs), group: Self.read("/etc/group", rootfs))
    }

    init(passwd: String, group: String) {
        self.passwd = Self.lines(passwd).compactMap { fields in
            guard fields.count >= 4, let uid = UInt32(fields[2]), let gid = UInt32(fields[3]) else { return nil }
            return Entry(name: fields[0], id: uid, gid: gid, home: fields.count > 5 ? fields[5] : "/", members: [])
        }
        groups = Self.lines(group).compactMap { fields in
            guard fields.count >= 3, let gid = UInt32(fields[2]) else { return nil }
            let members = fields.count > 3 ? fields[3].split(separator: ",").map(String.init) : []
            return Entry(name: fields[0], id: gid, gid: gid, home: "", members: members)
        }
    }

    static func read(_ path: String, _ rootfs: String) -> String {
        guard let host = try? RootfsPath.resolve(path, in: rootfs),
              let data = FileManager.default.contents(atPath: host) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    static func lines(_ text: String) -> [[String]] {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
    }

    /// A process user: `""` is root; `name`, `uid`, `name:group`, `uid:gid`. Unknown names are errors.
    func process(_ spec: String) throws(EngineError) -> Resolved {
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let userText = parts[0].isEmpty ? "0" : parts[0]
        var resolved = Resolved(uid: 0, gid: 0, additionalGids: [], home: "/")
        var userName: String?
        if let entry = passwd.first(where: { $0.name == userText }) ?? UInt32(userText).flatMap({ id in passwd.first { $0.id == id } }) {
            resolved.uid = entry.id
            resolved.gid = entry.gid
            resolved.home = entry.home.isEmpty ? "/" : entry.home
            userName = entry.name
        } else if let uid = UInt32(userText) {
            resolved.uid = uid
        } else {
            throw EngineError(.invalidArgument, "unable to find user \(userText): no matching entries in passwd file")
        }
        if parts.count > 1 {
            resolved.gid = try group(parts[1])
        } else if let userName {
            resolved.additionalGids = groups.filter { $0.members.contains(userName) && $0.id != resolved.gid }.map(\.id)
        }
        return resolved
    }

    /// `--chown`: a user without a group uses the uid as gid too (Docker's documented rule).
    func owner(_ spec: String) throws(EngineError) -> (uid: UInt32, gid: UInt32) {
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let uid: UInt32
        if let value = UInt32(parts[0]) {
            uid = value
        } else if let entry = passwd.first(where: { $0.name == parts[0] }) {
            uid = entry.id
        } else {
            throw EngineError(.invalidArgument,
                              "unable to convert uid/gid chown string to host mapping: can't find uid for user \(parts[0]): no such user: \(parts[0])")
        }
        guard parts.count > 1 else { return (uid, uid) }
        return (uid, try group(parts[1]))
    }

    func group(_ text: String) throws(EngineError) -> UInt32 {
        if let value = UInt32(text) { return value }
        guard let entry = groups.first(where: { $0.name == text }) else {
            throw EngineError(.invalidArgument, "unable to find group \(text): no matching entries in group file")
        }
        return entry.id
    }
}
