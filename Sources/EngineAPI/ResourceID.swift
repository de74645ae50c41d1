/// The name of a project resource in plans, logs, events and errors: `service:web:1`, `network:backend`,
/// `volume:data`, `image:nginx:1.27`.
public struct ResourceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Comparable {
        case service
        case network
        case volume
        case image
        case project

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var kind: Kind
    public var name: String
    /// The replica number of a service container (1-based); nil for every other kind.
    public var number: Int?

    public init(_ kind: Kind, _ name: String, number: Int? = nil) {
        self.kind = kind
        self.name = name
        self.number = number
    }

    public static func container(service: String, number: Int) -> ResourceID {
        ResourceID(.service, service, number: number)
    }

    public var description: String {
        if let number { return "\(kind.rawValue):\(name):\(number)" }
        return "\(kind.rawValue):\(name)"
    }

    public static func < (lhs: ResourceID, rhs: ResourceID) -> Bool {
        (lhs.kind, lhs.name, lhs.number ?? 0) < (rhs.kind, rhs.name, rhs.number ?? 0)
    }
}
