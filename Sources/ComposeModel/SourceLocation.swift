import Foundation

/// Where a value came from: a file and a 1-based line and column.
///
/// Every node of a loaded compose file keeps one through every loader phase, so a problem found late
/// (a reference to an undefined network, a bad port) can still be reported at the line that caused it.
/// The file is stored as an interned number: a location is a plain 12-byte value with no reference to
/// count, which keeps a 5,000-service tree small and cheap to copy.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let fileID: UInt32
    private var storedLine: UInt32
    private var storedColumn: UInt32

    public init(file: String, line: Int, column: Int) {
        self.init(fileID: SourceFiles.shared.intern(file), line: line, column: column)
    }

    /// For parsers that intern their file once (`SourceFiles.shared.intern`).
    public init(fileID: UInt32, line: Int, column: Int) {
        self.fileID = fileID
        storedLine = UInt32(clamping: line)
        storedColumn = UInt32(clamping: column)
    }

    public var file: String { SourceFiles.shared.path(fileID) }

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// The process-wide table of file paths that locations refer to by number.
public final class SourceFiles: @unchecked Sendable {
    public static let shared = SourceFiles()

    // Guarded by `lock`; paths are only ever appended, so an id stays valid for the life of the process.
    private let lock = NSLock()
    private var paths: [String] = []
    private var ids: [String: UInt32] = [:]

    public func intern(_ path: String) -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[path] { return id }
        let id = UInt32(paths.count)
        paths.append(path)
        ids[path] = id
        return id
    }

    public func path(_ id: UInt32) -> String {
        lock.lock()
        defer { lock.unlock() }
        return Int(id) < paths.count ? paths[Int(id)] : "?"
    }
}
