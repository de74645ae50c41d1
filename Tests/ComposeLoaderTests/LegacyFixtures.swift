import ComposeLoader
import ComposeModel
import Foundation

/// Reads the version-1 fixtures (inputs and docker-compose 1.29.2's recorded `config` output).
enum LegacyFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/legacy")

    /// The placeholder the recorded outputs use for the fixture folder.
    static let directoryPlaceholder = "${FIXTURE_DIR}"

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The first document of a fixture's YAML, parsed as the loader parses it (file named as given).
    static func yaml(_ name: String) throws -> ComposeNode {
        let documents = try YAMLComposer.documents(text: try text(name), file: name)
        guard let first = documents.first else { throw DiagnosticError(.error(at: nil, "\(name): no document")) }
        return first
    }

    static func json(_ name: String) throws -> ComposeNode {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONDecoder().decode(LegacyJSONNode.self, from: data).node
    }
}

/// A JSON value decoded into a `ComposeNode` (key order is not kept; `==` on nodes ignores it).
struct LegacyJSONNode: Decodable {
    let node: ComposeNode

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: Key.self) {
            var mapping = ComposeMapping()
            for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                mapping[key.stringValue] = try container.decode(LegacyJSONNode.self, forKey: key).node
            }
            node = .mapping(mapping)
        } else if var container = try? decoder.unkeyedContainer() {
            var items: [ComposeNode] = []
            while !container.isAtEnd {
                items.append(try container.decode(LegacyJSONNode.self).node)
            }
            node = .sequence(items)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                node = .null()
            } else if let flag = try? single.decode(Bool.self) {
                node = .bool(flag)
            } else if let number = try? single.decode(Int.self) {
                node = .int(number)
            } else if let number = try? single.decode(Double.self) {
                node = ComposeNode(.double(number))
            } else {
                node = .string(try single.decode(String.self))
            }
        }
    }
}
