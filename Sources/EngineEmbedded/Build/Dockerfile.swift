import EngineAPI

/// A parsed Dockerfile: instructions with their flags and arguments, before any variable substitution
/// (that needs the build's state: the base image's environment and the ARGs in scope).
public struct Dockerfile: Sendable, Hashable {
    /// The name errors use (`Dockerfile`, `docker/app.Dockerfile`).
    public var fileName: String
    /// The escape character (`\` unless a `# escape=` directive says otherwise).
    public var escape: Character
    public var instructions: [DockerfileInstruction]
    /// Notes for the build output (an ignored `# syntax=` directive, empty continuation lines).
    public var warnings: [String]

    public init(fileName: String, escape: Character = "\\", instructions: [DockerfileInstruction], warnings: [String] = []) {
        self.fileName = fileName
        self.escape = escape
        self.instructions = instructions
        self.warnings = warnings
    }
}

/// One instruction as written, continuation lines joined.
public struct DockerfileInstruction: Sendable, Hashable {
    /// The arguments after the flags: a JSON array (exec form) or the raw text (shell form).
    public enum Arguments: Sendable, Hashable {
        case exec([String])
        case shell(String)
    }

    public struct Flag: Sendable, Hashable {
        public var name: String
        /// nil for a bare `--link`.
        public var value: String?

        public init(name: String, value: String?) {
            self.name = name
            self.value = value
        }
    }

    /// The line the instruction starts on (1-based).
    public var line: Int
    /// Upper-cased: `RUN`, `COPY`.
    public var keyword: String
    public var flags: [Flag]
    public var arguments: Arguments
    /// The instruction's text after the keyword (flags included), continuations joined.
    public var text: String

    public init(line: Int, keyword: String, flags: [Flag] = [], arguments: Arguments, text: String) {
        self.line = line
        self.keyword = keyword
        self.flags = flags
        self.arguments = arguments
        self.text = text
    }

    /// The value of the last `--name=…` flag.
    public func flag(_ name: String) -> String? {
        flags.last { $0.name == name }?.value
    }

    public func hasFlag(_ name: String) -> Bool { flags.contains { $0.name == name } }

    /// The arguments as text, for messages and history.
    public var argumentText: String {
        switch arguments {
        case .exec(let words): DockerfileInstruction.jsonArray(words)
        case .shell(let text): text
        }
    }

    static func jsonArray(_ words: [String]) -> String {
        "[" + words.map(jsonString).joined(separator: ",") + "]"
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Errors that point at a Dockerfile line: `Dockerfile:12: unknown instruction: FOOBAR`.
struct DockerfileLocation: Sendable, Hashable {
    var fileName: String
    var line: Int

    func error(_ message: String, _ code: EngineError.Code = .invalidArgument) -> EngineError {
        EngineError(code, "\(fileName):\(line): \(message)")
    }
}
