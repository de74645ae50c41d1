import OrderedCollections

/// An ordered YAML mapping with string keys, remembering where each key was written.
///
/// Keys keep file order (output and merge rules depend on it); lookups are O(1) so a 5,000-service file
/// stays linear.
public struct ComposeMapping: Sendable, Equatable, Sequence {
    public struct Member: Sendable {
        public var keyLocation: SourceLocation?
        public var node: ComposeNode

        public init(keyLocation: SourceLocation?, node: ComposeNode) {
            self.keyLocation = keyLocation
            self.node = node
        }
    }

    public private(set) var members: OrderedDictionary<String, Member>

    public init() {
        members = [:]
    }

    public init(_ pairs: [(String, ComposeNode)]) {
        members = [:]
        for (key, node) in pairs {
            members[key] = Member(keyLocation: node.location, node: node)
        }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { Array(members.keys) }

    public subscript(key: String) -> ComposeNode? {
        get { members[key]?.node }
        set {
            if let newValue {
                if members[key] != nil {
                    members[key]?.node = newValue
                } else {
                    members[key] = Member(keyLocation: newValue.location, node: newValue)
                }
            } else {
                members.removeValue(forKey: key)
            }
        }
    }

    public func keyLocation(_ key: String) -> SourceLocation? {
        members[key]?.keyLocation
    }

    /// Sets a value with an explicit key location (the parser knows where the key itself was written).
    public mutating func set(_ key: String, _ node: ComposeNode, keyLocation: SourceLocation?) {
        members[key] = Member(keyLocation: keyLocation, node: node)
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> ComposeNode? {
        members.removeValue(forKey: key)?.node
    }

    public mutating func sortKeys() {
        members.sort { $0.key < $1.key }
    }

    public func makeIterator() -> AnyIterator<(key: String, value: ComposeNode)> {
        var base = members.makeIterator()
        return AnyIterator {
            guard let next = base.next() else { return nil }
            return (key: next.key, value: next.value.node)
        }
    }

    public static func == (lhs: ComposeMapping, rhs: ComposeMapping) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, member) in lhs.members {
            guard let other = rhs.members[key], other.node == member.node else { return false }
        }
        return true
    }
}
