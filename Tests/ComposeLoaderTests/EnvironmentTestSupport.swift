import ComposeModel
import Foundation

/// Small builders for located node trees (the YAML reader is another area's work).
enum EnvironmentTrees {
    static let file = "/project/compose.yaml"

    static func at(_ line: Int, _ column: Int = 1) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    static func string(_ text: String, _ line: Int, _ column: Int = 1) -> ComposeNode {
        .string(text, at: at(line, column))
    }

    static func map(_ line: Int, _ pairs: [(String, ComposeNode)]) -> ComposeNode {
        .mapping(ComposeMapping(pairs), at: at(line))
    }

    static func seq(_ line: Int, _ items: [ComposeNode]) -> ComposeNode {
        .sequence(items, at: at(line))
    }

    /// `services: {web: {<attributes>}}` starting at line 1.
    static func service(_ attributes: [(String, ComposeNode)]) -> ComposeNode {
        map(1, [("services", map(2, [("web", map(3, attributes))]))])
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("env-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to directory: String, _ name: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
