import EngineAPI
import Foundation

/// Reads the answer of `POST /build`: JSON objects whose `stream` texts are the builder's output (cut
/// anywhere, so lines are reassembled), an `aux` object with the image id, or an `error` that fails the build.
struct DockerBuildProgress {
    private struct Message: Decodable {
        struct Aux: Decodable {
            var ID: String?
        }

        struct Detail: Decodable {
            var message: String?
        }

        var stream: String?
        var status: String?
        var id: String?
        var progress: String?
        var error: String?
        var errorDetail: Detail?
        var aux: Aux?
    }

    private var objects = DockerJSONStream()
    private var partial: [UInt8] = []
    private(set) var imageID: String?
    /// `Successfully built 0123abcd`: the short id when no `aux` message came.
    private(set) var builtID: String?
    private(set) var failure: String?

    /// The output lines completed by this chunk.
    mutating func feed<Bytes: Sequence>(_ chunk: Bytes) -> [String] where Bytes.Element == UInt8 {
        var lines: [String] = []
        let decoder = JSONDecoder()
        for object in objects.feed(chunk) {
            guard let message = try? decoder.decode(Message.self, from: object) else { continue }
            if let text = message.errorDetail?.message ?? message.error {
                if failure == nil { failure = text.trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            if let id = message.aux?.ID { imageID = id }
            if let status = message.status, message.progress == nil {
                lines.append(message.id.map { "\($0): \(status)" } ?? status)
            }
            guard let text = message.stream else { continue }
            // Bytes, not Characters: "\r\n" is one Character and would hide the newline.
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\n") {
                    lines.append(take(partial))
                    partial.removeAll(keepingCapacity: true)
                } else {
                    partial.append(byte)
                }
            }
        }
        return lines
    }

    /// An unterminated last line.
    mutating func finish() -> [String] {
        guard !partial.isEmpty else { return [] }
        defer { partial = [] }
        return [take(partial)]
    }

    private mutating func take(_ line: [UInt8]) -> String {
        let text = String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...], as: UTF8.self)
        if text.hasPrefix("Successfully built ") { builtID = String(text.dropFirst("Successfully built ".count)) }
        return text
    }

    /// A Dockerfile or context the builder refuses is an invalid argument; a failing step or anything
    /// else is the build's internal failure.
    static func error(_ message: String) -> EngineError {
        let invalid = ["parse error", "unknown instruction", "Cannot locate specified Dockerfile", "failed to reach build target",
                       "COPY failed", "ADD failed", "failed to process", "invalid reference format", "Unknown flag",
                       "requires at least", "requires exactly", "no build stage"]
        return EngineError(invalid.contains { message.contains($0) } ? .invalidArgument : .internalError, message)
    }
}
