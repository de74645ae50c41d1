import ComposeModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a compose file's bytes as text (UTF-8, UTF-16 with BOM), refusing binary and oversized files.
public enum ComposeFileReader {
    /// The text of the file at `path`. Errors name the file and point at line 1 (or the offending byte).
    public static func read(path: String, limits: YAMLLimits = .default) throws -> String {
        let bytes = try readBytes(path: path, limits: limits)
        return try decode(bytes, file: path)
    }

    /// The raw bytes, refusing files larger than `limits.maxFileBytes` before reading them.
    static func readBytes(path: String, limits: YAMLLimits) throws(DiagnosticError) -> [UInt8] {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw DiagnosticError(.error(at: start, "open \(path): \(errorText(errno))"))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw DiagnosticError(.error(at: start, "stat \(path): \(errorText(errno))"))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw DiagnosticError(.error(at: start, "read \(path): is a directory"))
        }
        if Int(info.st_size) > limits.maxFileBytes {
            throw tooLarge(path: path, size: Int(info.st_size), limits: limits)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                readChunk(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw DiagnosticError(.error(at: start, "read \(path): \(errorText(errno))"))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            // A file that grows while being read (or a device) is held to the same limit.
            if bytes.count > limits.maxFileBytes {
                throw tooLarge(path: path, size: bytes.count, limits: limits)
            }
        }
        return bytes
    }

    private static func tooLarge(path: String, size: Int, limits: YAMLLimits) -> DiagnosticError {
        DiagnosticError(.error(at: SourceLocation(file: path, line: 1, column: 1),
                               "file is too large: \(size) bytes (the limit is \(limits.maxFileBytes) bytes)"))
    }

    /// `strerror` in Go's lower-case style ("no such file or directory").
    private static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let message = String(cString: text)
        guard let first = message.first else { return message }
        return first.lowercased() + message.dropFirst()
    }
}

/// `read(2)`, named apart from `ComposeFileReader.read`.
private func readChunk(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #elseif canImport(Musl)
    Musl.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
