import ComposeModel
import Foundation

/// Finds the compose files of a project the way docker compose does: `compose.yaml` and friends (plus one
/// override file) in the working directory or the nearest parent that has one; `fig.yml` as a legacy fallback.
public enum ComposeFileDiscovery {
    public static let defaultFileNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"]
    public static let overrideFileNames = [
        "compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml",
    ]
    public static let legacyFileNames = ["fig.yml", "fig.yaml"]

    public struct Result: Sendable, Equatable {
        public var files: [String]
        public var warnings: [String]
    }

    /// Searches `directory` and its parents. Returns nil when no compose file exists anywhere up the tree.
    public static func discover(from directory: String) -> Result? {
        var current = URL(fileURLWithPath: directory).standardizedFileURL.path
        while true {
            if let found = find(in: current) { return found }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    private static func find(in directory: String) -> Result? {
        var warnings: [String] = []
        let candidates = existing(defaultFileNames, in: directory)
        if let winner = candidates.first {
            if candidates.count > 1 {
                warnings.append("Found multiple config files with supported names: \(candidates.joined(separator: ", "))")
                warnings.append("Using \(winner)")
            }
            var files = [winner]
            let overrides = existing(overrideFileNames, in: directory)
            if let override = overrides.first {
                if overrides.count > 1 {
                    warnings.append("Found multiple override files with supported names: \(overrides.joined(separator: ", "))")
                    warnings.append("Using \(override)")
                }
                files.append(override)
            }
            return Result(files: files, warnings: warnings)
        }
        let legacy = existing(legacyFileNames, in: directory)
        if let winner = legacy.first {
            warnings.append("\(winner): fig.yml is deprecated: rename it to compose.yaml")
            return Result(files: [winner], warnings: warnings)
        }
        return nil
    }

    private static func existing(_ names: [String], in directory: String) -> [String] {
        names.compactMap { name in
            let path = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                return nil
            }
            return path
        }
    }
}
