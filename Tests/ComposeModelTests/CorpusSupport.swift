import ComposeModel
import Foundation
import Testing

/// Access to the conformance corpus (`expected.json` of every accepted case) for model tests.
enum CorpusSupport {
    /// The corpus folder: `$SWIFT_COMPOSE_CORPUS`, or `/work/shared/corpus`, or `../shared/corpus` next to
    /// the package.
    static let corpusDirectory: URL? = {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["SWIFT_COMPOSE_CORPUS"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        candidates.append(URL(fileURLWithPath: "/work/shared/corpus"))
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("cases").path) }
    }()

    /// `group/name` of every case (under `cases/` and `bad/`) that has an `expected.json`, sorted.
    static let caseNames: [String] = {
        guard let corpus = corpusDirectory else { return [] }
        var result: [String] = []
        for group in ["cases", "bad"] {
            let folder = corpus.appendingPathComponent(group)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names
            where FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(name)/expected.json").path) {
                result.append("\(group)/\(name)")
            }
        }
        return result.sorted()
    }()

    static func expectedJSONText(_ name: String) throws -> String {
        let url = try #require(corpusDirectory).appendingPathComponent("\(name)/expected.json")
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func expectedDocument(_ name: String) throws -> ComposeNode {
        try JSONNodeLoader.node(fromJSON: Data(expectedJSONText(name).utf8))
    }
}

/// Loads JSON into a `ComposeNode` with Foundation's `JSONSerialization`: integral numbers become `.int`,
/// booleans `.bool`. Object key order is not available from `JSONSerialization`, so keys are sorted —
/// the order Go prints maps in (node equality ignores mapping order anyway).
enum JSONNodeLoader {
    struct UnsupportedValue: Error {}

    static func node(fromJSON data: Data) throws -> ComposeNode {
        try node(from: JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    static func node(from value: Any) throws -> ComposeNode {
        switch value {
        case is NSNull:
            return .null()
        case let text as String:
            return .string(text)
        case let number as NSNumber:
            let kind = String(cString: number.objCType)
            if kind == "c" || kind == "B" { return .bool(number.boolValue) }
            if kind == "d" || kind == "f" {
                let double = number.doubleValue
                if double.rounded() == double, abs(double) < 9e15 { return .int(Int(double)) }
                return ComposeNode(.double(double))
            }
            return .int(number.intValue)
        case let items as [Any]:
            return try .sequence(items.map(node(from:)))
        case let object as [String: Any]:
            var mapping = ComposeMapping()
            for key in object.keys.sorted() {
                if let child = object[key] { mapping[key] = try node(from: child) }
            }
            return .mapping(mapping)
        default:
            throw UnsupportedValue()
        }
    }
}

/// The key path of the first place where two trees differ, for readable failures; nil when equal.
func firstDifference(_ lhs: ComposeNode, _ rhs: ComposeNode, path: String = "") -> String? {
    switch (lhs.value, rhs.value) {
    case (.mapping(let left), .mapping(let right)):
        for key in Set(left.keys).union(right.keys).sorted() {
            let child = path.isEmpty ? key : "\(path).\(key)"
            guard let leftValue = left[key] else { return "\(child): missing on the left" }
            guard let rightValue = right[key] else { return "\(child): missing on the right" }
            if let difference = firstDifference(leftValue, rightValue, path: child) { return difference }
        }
        return nil
    case (.sequence(let left), .sequence(let right)):
        for (index, (leftItem, rightItem)) in zip(left, right).enumerated() {
            if let difference = firstDifference(leftItem, rightItem, path: "\(path)[\(index)]") { return difference }
        }
        return left.count == right.count ? nil : "\(path): \(left.count) items vs \(right.count)"
    default:
        return lhs == rhs ? nil : "\(path): \(lhs.jsonString()) vs \(rhs.jsonString())"
    }
}
