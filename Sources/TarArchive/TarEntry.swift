/// What a tar entry is. Sparse files, volume labels and other exotic GNU types are not represented: the
/// reader rejects them with `TarError.unsupported`.
public enum TarEntryType: Sendable, Hashable, CustomStringConvertible {
    case file
    case directory
    case symlink
    case hardlink
    case characterDevice
    case blockDevice
    case fifo

    /// The ustar type flag byte.
    var flag: UInt8 {
        switch self {
        case .file: UInt8(ascii: "0")
        case .hardlink: UInt8(ascii: "1")
        case .symlink: UInt8(ascii: "2")
        case .characterDevice: UInt8(ascii: "3")
        case .blockDevice: UInt8(ascii: "4")
        case .directory: UInt8(ascii: "5")
        case .fifo: UInt8(ascii: "6")
        }
    }

    /// Types whose header's size field says nothing about following data (as Go's archive/tar treats them).
    var hasData: Bool { self == .file }

    public var description: String {
        switch self {
        case .file: "file"
        case .directory: "directory"
        case .symlink: "symlink"
        case .hardlink: "hardlink"
        case .characterDevice: "character device"
        case .blockDevice: "block device"
        case .fifo: "fifo"
        }
    }
}

/// One member of a tar archive, after ustar, GNU long-name and PAX headers have been merged.
public struct TarEntry: Sendable, Hashable {
    /// As stored (directories usually end in "/"); never empty.
    public var path: String
    public var type: TarEntryType
    /// Permission bits including setuid, setgid and sticky (`& 0o7777`).
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    public var userName: String
    public var groupName: String
    /// Seconds since the epoch (PAX fractions are dropped).
    public var modificationTime: Int64
    /// Bytes of data that follow (files only; 0 for every other type).
    public var size: Int64
    /// The target of a symlink, or the archive path a hardlink refers to.
    public var linkTarget: String
    public var deviceMajor: UInt32
    public var deviceMinor: UInt32
    /// Extended attributes (PAX `SCHILY.xattr.<name>`); values are raw bytes.
    public var xattrs: [String: [UInt8]]

    public init(
        path: String, type: TarEntryType, mode: UInt32 = 0o644, uid: Int = 0, gid: Int = 0,
        userName: String = "", groupName: String = "", modificationTime: Int64 = 0, size: Int64 = 0,
        linkTarget: String = "", deviceMajor: UInt32 = 0, deviceMinor: UInt32 = 0, xattrs: [String: [UInt8]] = [:]
    ) {
        self.path = path
        self.type = type
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.userName = userName
        self.groupName = groupName
        self.modificationTime = modificationTime
        self.size = size
        self.linkTarget = linkTarget
        self.deviceMajor = deviceMajor
        self.deviceMinor = deviceMinor
        self.xattrs = xattrs
    }
}
