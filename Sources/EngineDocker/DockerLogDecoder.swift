import EngineAPI
import Foundation

/// Turns the body of `GET /containers/{id}/logs` into lines, chunk by chunk as it arrives. Without a TTY
/// the body is multiplexed: frames of an 8-byte header (byte 0 the stream, 1 stdout 2 stderr 3 the daemon's
/// error; bytes 4–7 the big-endian payload length) and the payload. With a TTY it is raw stdout. Frames
/// and lines may be cut anywhere by the chunking; each stream keeps its own partial line.
struct DockerLogDecoder {
    let tty: Bool
    let timestamps: Bool
    private var frames = DockerFrameDemuxer()
    private var partialOut: [UInt8] = []
    private var partialErr: [UInt8] = []
    private var systemError: [UInt8] = []
    /// The daemon's own error, sent as a stream-3 frame: the logs end with it.
    private(set) var failure: String?

    init(tty: Bool, timestamps: Bool) {
        self.tty = tty
        self.timestamps = timestamps
    }

    /// The lines completed by this chunk.
    mutating func feed<Bytes: Collection>(_ chunk: Bytes) -> [LogLine] where Bytes.Element == UInt8 {
        var lines: [LogLine] = []
        if tty {
            append(chunk[...], stream: 1, to: &lines)
            return lines
        }
        for piece in frames.feed(chunk) {
            append(piece.bytes, stream: piece.stream, to: &lines)
            if piece.stream == 3, piece.ends {
                failure = String(decoding: systemError, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return lines
    }

    /// The unterminated last lines, once the body has ended.
    mutating func finish() -> [LogLine] {
        var lines: [LogLine] = []
        if !partialOut.isEmpty { lines.append(Self.line(partialOut, stream: .stdout, timestamps: timestamps)) }
        if !partialErr.isEmpty { lines.append(Self.line(partialErr, stream: .stderr, timestamps: timestamps)) }
        partialOut.removeAll()
        partialErr.removeAll()
        return lines
    }

    private mutating func append(_ bytes: some Collection<UInt8>, stream: UInt8, to lines: inout [LogLine]) {
        switch stream {
        case 2: Self.split(bytes, into: &partialErr, stream: .stderr, timestamps: timestamps, lines: &lines)
        case 3: systemError.append(contentsOf: bytes)
        default: Self.split(bytes, into: &partialOut, stream: .stdout, timestamps: timestamps, lines: &lines)
        }
    }

    private static func split(_ bytes: some Collection<UInt8>, into partial: inout [UInt8], stream: LogLine.Stream, timestamps: Bool,
                              lines: inout [LogLine]) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(line(partial, stream: stream, timestamps: timestamps))
                partial.removeAll(keepingCapacity: true)
            } else {
                partial.append(byte)
            }
        }
    }

    /// One line without its terminator (and a `\r` before it); with timestamps the first word is the time.
    static func line(_ bytes: [UInt8], stream: LogLine.Stream, timestamps: Bool) -> LogLine {
        var content = bytes[...]
        if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
        guard timestamps else { return LogLine(stream: stream, text: String(decoding: content, as: UTF8.self)) }
        guard let space = content.firstIndex(of: UInt8(ascii: " ")) else {
            return LogLine(stream: stream, text: "", timestamp: String(decoding: content, as: UTF8.self))
        }
        return LogLine(stream: stream, text: String(decoding: content[content.index(after: space)...], as: UTF8.self),
                       timestamp: String(decoding: content[..<space], as: UTF8.self))
    }
}
