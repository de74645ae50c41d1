import Foundation

/// Extended-attribute calls. Swift's Glibc module does not include <sys/xattr.h>, so the libc functions
/// are looked up at run time (they are part of glibc proper, so the lookup cannot fail on Linux).
enum LayerXattr {
    private typealias SetCall = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeRawPointer?, Int, Int32) -> Int32
    private typealias SetFDCall = @convention(c) (Int32, UnsafePointer<CChar>?, UnsafeRawPointer?, Int, Int32) -> Int32
    private typealias GetCall = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?, Int) -> Int
    private typealias ListCall = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int) -> Int

    private static let setCall = symbol("lsetxattr", as: SetCall.self)
    private static let setFDCall = symbol("fsetxattr", as: SetFDCall.self)
    private static let getCall = symbol("lgetxattr", as: GetCall.self)
    private static let listCall = symbol("llistxattr", as: ListCall.self)

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let pointer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(pointer, to: type)
    }

    /// Sets `name` on `path` without following a final symlink; errno on failure.
    static func set(_ path: String, _ name: String, _ value: [UInt8]) -> Int32? {
        guard let call = setCall else { return ENOTSUP }
        let result = value.withUnsafeBytes { call(path, name, $0.baseAddress, $0.count, 0) }
        return result == 0 ? nil : errno
    }

    /// Sets `name` on an open file or directory; errno on failure.
    static func set(descriptor: Int32, _ name: String, _ value: [UInt8]) -> Int32? {
        guard let call = setFDCall else { return ENOTSUP }
        let result = value.withUnsafeBytes { call(descriptor, name, $0.baseAddress, $0.count, 0) }
        return result == 0 ? nil : errno
    }

    /// The value of `name` on `path` (not following a final symlink), nil when absent or unreadable.
    static func get(_ path: String, _ name: String) -> [UInt8]? {
        guard let call = getCall else { return nil }
        let size = call(path, name, nil, 0)
        guard size >= 0 else { return nil }
        if size == 0 { return [] }
        var buffer = [UInt8](repeating: 0, count: size)
        let read = buffer.withUnsafeMutableBytes { call(path, name, $0.baseAddress, $0.count) }
        guard read >= 0 else { return nil }
        return Array(buffer.prefix(read))
    }

    /// Attribute names on `path` (not following a final symlink).
    static func list(_ path: String) -> [String] {
        guard let call = listCall else { return [] }
        let size = call(path, nil, 0)
        guard size > 0 else { return [] }
        var buffer = [CChar](repeating: 0, count: size)
        let read = buffer.withUnsafeMutableBufferPointer { call(path, $0.baseAddress, $0.count) }
        guard read > 0 else { return [] }
        return buffer.prefix(read).split(separator: 0).map { String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    }
}
