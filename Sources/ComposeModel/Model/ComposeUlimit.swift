/// One `ulimits` entry: either a single value for both limits (`nofile: 65535`) or separate soft and hard
/// limits (compose-go `types.UlimitsConfig`).
public struct ComposeUlimit: Sendable, Hashable {
    public var single: Int?
    public var soft: Int?
    public var hard: Int?
    public var extensions: [String: ComposeNode] = [:]

    public init(single: Int) {
        self.single = single
    }

    public init(soft: Int?, hard: Int?) {
        self.soft = soft
        self.hard = hard
    }
}
