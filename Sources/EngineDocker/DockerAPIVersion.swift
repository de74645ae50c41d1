import Foundation

/// A Docker Engine API version (`1.41`), compared numerically.
struct DockerAPIVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    var major: Int
    var minor: Int

    /// The newest API we speak; a newer daemon is addressed with it.
    static let newest = DockerAPIVersion(major: 1, minor: 47)
    /// The oldest we rely on (dockerd 20.10); a daemon that does not say is assumed to speak it.
    static let oldest = DockerAPIVersion(major: 1, minor: 41)

    init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    /// min(server, ours): the daemon's `Api-Version` header decides how new we may talk.
    static func negotiate(serverHeader: String?) -> DockerAPIVersion {
        guard let server = serverHeader.flatMap(DockerAPIVersion.init(parsing:)) else { return oldest }
        return min(server, newest)
    }

    var description: String { "\(major).\(minor)" }

    static func < (lhs: DockerAPIVersion, rhs: DockerAPIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}

/// The version negotiated with one daemon, shared by the copies of a `DockerEngine`.
actor DockerAPIVersionStore {
    private(set) var version: DockerAPIVersion?

    func set(_ version: DockerAPIVersion) {
        self.version = version
    }
}
