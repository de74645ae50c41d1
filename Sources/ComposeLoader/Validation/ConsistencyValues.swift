import Foundation
import ComposeModel

/// Readers for the value shapes the consistency checks meet (canonical long form, and short forms too).
enum ConsistencyValues {
    struct Reference {
        var name: String
        var location: SourceLocation?
        /// The entry's value (the dependency's settings, the long-form mount), when there is one.
        var node: ComposeNode?
    }

    /// Names in a mapping (its keys) or a list (strings, or `sourceKey` of mapping items).
    static func names(_ value: ComposeNode?, sourceKey: String? = nil) -> [Reference] {
        guard let value else { return [] }
        if let mapping = value.mapping {
            return mapping.map { Reference(name: $0.key, location: mapping.keyLocation($0.key) ?? $0.value.location, node: $0.value) }
        }
        return (value.sequence ?? []).compactMap { item in
            if let text = item.string { return Reference(name: text, location: item.location, node: nil) }
            if let sourceKey, let source = item[sourceKey], let text = source.scalarText {
                return Reference(name: text, location: source.location ?? item.location, node: item)
            }
            return nil
        }
    }

    /// `key: value` pairs of a mapping, or of a `KEY=VALUE` list.
    static func keyValues(_ value: ComposeNode?) -> [(key: String, value: String, location: SourceLocation?)] {
        guard let value else { return [] }
        if let mapping = value.mapping {
            return mapping.compactMap { entry in
                entry.value.scalarText.map { (entry.key, $0, entry.value.location ?? mapping.keyLocation(entry.key)) }
            }
        }
        return (value.sequence ?? []).compactMap { item in
            guard let text = item.string, let equals = text.firstIndex(of: "=") else { return nil }
            return (String(text[..<equals]), String(text[text.index(after: equals)...]), item.location)
        }
    }

    /// An integer written as a number or as decimal text (values may still be strings before typing).
    static func integer(_ node: ComposeNode?) -> Int? {
        guard let node else { return nil }
        if let number = node.int { return number }
        if let number = node.double, number.rounded() == number, abs(number) < 1e18 { return Int(number) }
        if let text = node.string { return Int(text.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    static func number(_ node: ComposeNode?) -> Double? {
        guard let node else { return nil }
        if let number = node.double { return number }
        if let text = node.string { return Double(text.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    /// A memory size in bytes, as docker's `RAMInBytes`: `512m`, `1.5GiB`, `2048` (binary multiples).
    static func bytes(_ node: ComposeNode?) -> Int64? {
        guard let node else { return nil }
        if let number = node.int { return Int64(number) }
        if let number = node.double { return Int64(number) }
        guard var text = node.string?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty else { return nil }
        if text.hasSuffix("b") { text.removeLast() }
        if text.hasSuffix("i") { text.removeLast() }
        let multipliers: [Character: Double] = ["k": 1024, "m": 1_048_576, "g": 1_073_741_824, "t": 1_099_511_627_776, "p": 1_125_899_906_842_624]
        var multiplier = 1.0
        if let last = text.last, let factor = multipliers[last] {
            multiplier = factor
            text.removeLast()
        }
        text = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(text), value >= 0, text.first?.isNumber == true else { return nil }
        let product = value * multiplier
        guard product < 9.2e18 else { return nil }
        return Int64(product)
    }
}
