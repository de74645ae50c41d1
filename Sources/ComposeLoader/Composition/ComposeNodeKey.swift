import ComposeModel

/// A node as a hashable value, for set membership by value (locations ignored, as `==` does).
struct ComposeNodeKey: Hashable {
    let node: ComposeNode

    init(_ node: ComposeNode) {
        self.node = node
    }

    static func == (lhs: ComposeNodeKey, rhs: ComposeNodeKey) -> Bool {
        lhs.node == rhs.node
    }

    func hash(into hasher: inout Hasher) {
        switch node.value {
        case .string(let text): hasher.combine(text)
        case .bool(let flag): hasher.combine(flag)
        case .int(let number): hasher.combine(Double(number))
        case .double(let number): hasher.combine(number)
        case .null: hasher.combine(0)
        case .sequence(let items): hasher.combine(items.count)
        case .mapping(let mapping): hasher.combine(mapping.count)
        }
    }
}
