/// An image platform (`linux/amd64`, `linux/arm64/v8`), for choosing a manifest from an index.
public struct OCIPlatform: Sendable, Hashable, Codable, CustomStringConvertible {
    public var os: String
    public var architecture: String
    public var variant: String?
    public var osVersion: String?

    enum CodingKeys: String, CodingKey {
        case os, architecture, variant
        case osVersion = "os.version"
    }

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// Parses `os/arch[/variant]`; nil when malformed.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(os: parts[0], architecture: Self.normalised(architecture: parts[1]), variant: parts.count == 3 ? parts[2] : nil)
    }

    /// The platform this process runs on (Linux only: containers are Linux processes).
    public static var host: OCIPlatform {
        #if arch(x86_64)
        OCIPlatform(os: "linux", architecture: "amd64")
        #elseif arch(arm64)
        OCIPlatform(os: "linux", architecture: "arm64", variant: "v8")
        #else
        OCIPlatform(os: "linux", architecture: "unknown")
        #endif
    }

    static func normalised(architecture: String) -> String {
        switch architecture {
        case "x86_64", "x86-64": "amd64"
        case "aarch64": "arm64"
        default: architecture
        }
    }

    /// Whether an index entry for `candidate` runs here; arm64's `v8` variant is the default when absent.
    public func matches(_ candidate: OCIPlatform) -> Bool {
        guard candidate.os == os, Self.normalised(architecture: candidate.architecture) == architecture else { return false }
        if architecture == "arm64" {
            return (candidate.variant ?? "v8") == (variant ?? "v8")
        }
        return variant == nil || candidate.variant == nil || candidate.variant == variant
    }

    public var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }
}
