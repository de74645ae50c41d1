/// Hashing consistent with `ComposeNode ==`: locations and merge tags are ignored, and an integral double
/// hashes like the equal integer, so nodes can sit in the `Hashable` typed model (`x-` extensions).
extension ComposeNode: Hashable {
    public func hash(into hasher: inout Hasher) {
        switch value {
        case .null:
            hasher.combine(0)
        case .bool(let flag):
            hasher.combine(1)
            hasher.combine(flag)
        case .int(let number):
            hasher.combine(2)
            hasher.combine(Double(number))
        case .double(let number):
            hasher.combine(2)
            hasher.combine(number)
        case .string(let text):
            hasher.combine(3)
            hasher.combine(text)
        case .sequence(let items):
            hasher.combine(4)
            hasher.combine(items)
        case .mapping(let mapping):
            hasher.combine(5)
            hasher.combine(mapping.count)
            // Mapping equality ignores key order, so combine an order-independent digest of the members.
            var digest = 0
            for (key, node) in mapping {
                var member = Hasher()
                member.combine(key)
                member.combine(node)
                digest ^= member.finalize()
            }
            hasher.combine(digest)
        }
    }
}
