import Foundation

/// Descriptor-relative file operations that never follow a symlink inside the layer being built, so a
/// hostile tar cannot make the extractor write outside it.
struct LayerDirectory {
    /// An open descriptor of a directory inside the layer; the owner closes it.
    let descriptor: Int32

    enum WalkFailure: Error {
        /// A component is a symlink (following it could leave the layer).
        case symlink(String)
        case notDirectory(String)
        case missing(String)
        case system(String, Int32)
    }

    /// Opens `components` below `root` one at a time with O_NOFOLLOW; creates missing directories (0755)
    /// when `create` is set, telling `created` the path of each. The caller closes the result (unless it is
    /// `root` for an empty path).
    static func walk(from root: Int32, _ components: ArraySlice<String>, create: Bool,
                     created: (ArraySlice<String>) -> Void = { _ in }) -> Result<Int32, WalkFailure> {
        var current = root
        for (offset, component) in components.enumerated() {
            var next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0, errno == ENOENT, create {
                if mkdirat(current, component, 0o755) != 0, errno != EEXIST {
                    let failure = errno
                    if current != root { close(current) }
                    return .failure(.system(component, failure))
                }
                next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                // Implicit parents are 0755 whatever the umask.
                if next >= 0 {
                    _ = fchmod(next, 0o755)
                    created(components.prefix(offset + 1))
                }
            }
            if next < 0 {
                let failure = errno
                let kind = kind(at: current, component)
                if current != root { close(current) }
                if kind == S_IFLNK { return .failure(.symlink(component)) }
                if failure == ENOENT { return .failure(.missing(component)) }
                if failure == ENOTDIR || failure == ELOOP { return .failure(.notDirectory(component)) }
                return .failure(.system(component, failure))
            }
            if current != root { close(current) }
            current = next
        }
        return .success(current)
    }

    /// The file type bits (`S_IFMT`) of `name` in `directory`, not following a symlink; nil when absent.
    static func kind(at directory: Int32, _ name: String) -> mode_t? {
        var info = stat()
        guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// glibc's dev_t encoding (the makedev/major/minor macros are not visible from Swift).
    static func makeDevice(major: UInt32, minor: UInt32) -> dev_t {
        let major = UInt64(major)
        let minor = UInt64(minor)
        return dev_t(((major & 0xfff) << 8) | ((major & ~0xfff) << 32) | (minor & 0xff) | ((minor & ~0xff) << 12))
    }

    static func major(_ device: dev_t) -> UInt32 {
        let value = UInt64(device)
        return UInt32(truncatingIfNeeded: ((value >> 8) & 0xfff) | ((value >> 32) & ~UInt64(0xfff)))
    }

    static func minor(_ device: dev_t) -> UInt32 {
        let value = UInt64(device)
        return UInt32(truncatingIfNeeded: (value & 0xff) | ((value >> 12) & ~UInt64(0xff)))
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
}
