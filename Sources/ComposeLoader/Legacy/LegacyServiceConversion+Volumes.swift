import ComposeModel

/// Version 1 mounted named volumes without declaring them (the engine created them on first use, under
/// exactly that name) and gave them a driver through the service's `volume_driver`. The current format
/// needs each declared: `volumes: {NAME: {name: NAME, driver: …}}` keeps the engine-level name.
extension LegacyServiceConversion {
    /// The source of a short-syntax volume entry when it names a volume (not a path, not interpolated).
    static func namedVolume(in entry: String) -> String? {
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, let first = parts.first else { return nil }
        let source = String(first)
        guard let head = source.unicodeScalars.first,
              isAlphanumeric(head),
              source.unicodeScalars.allSatisfy({ isAlphanumeric($0) || "_.-".unicodeScalars.contains($0) })
        else { return nil }
        return source
    }

    /// ASCII only, as in Docker's volume names (`[a-zA-Z0-9][a-zA-Z0-9_.-]*`).
    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        default: return false
        }
    }

    /// The entries of a `volumes` sequence that mount no source: version 1 created an anonymous volume.
    static func isAnonymousVolume(_ entry: String) -> Bool {
        !entry.contains(":")
    }

    mutating func collectNamedVolumes(_ node: ComposeNode) {
        for entry in node.sequence ?? [] {
            guard let text = entry.string, let name = Self.namedVolume(in: text) else { continue }
            if knownVolumes.insert(name).inserted {
                namedVolumes.append((name, entry.location))
                report.record(.namedVolumes, name)
            }
        }
    }

    mutating func assignVolumeDriver(_ driver: ComposeNode, keyLocation: SourceLocation?, volumes: ComposeNode?, service: String) {
        report.record(.volumeDriver, service)
        let entries = volumes?.sequence ?? []
        let isLocal = driver.string == "local"
        for (index, entry) in entries.enumerated() {
            guard let text = entry.string else { continue }
            if let name = Self.namedVolume(in: text) {
                if let existing = volumeDrivers[name], existing.driver != driver {
                    errors.append(.error(at: keyLocation, path: "\(service).volume_driver",
                                         "volume \"\(name)\" gets two drivers: \(driver.scalarText ?? driver.kindName) here and \(existing.driver.scalarText ?? existing.driver.kindName) from service \(existing.service)"))
                } else if volumeDrivers[name] == nil {
                    volumeDrivers[name] = (driver, service)
                }
            } else if Self.isAnonymousVolume(text), !isLocal {
                errors.append(.error(at: entry.location, path: "\(service).volumes[\(index)]",
                                   "volume_driver cannot apply to an anonymous volume in the current format; name the volume (NAME:\(text))"))
            }
        }
    }

    /// The top-level `volumes` declarations, in first-use order.
    func namedVolumeDeclarations() -> ComposeMapping {
        var declarations = ComposeMapping()
        for (name, location) in namedVolumes {
            var volume = ComposeMapping()
            volume.set("name", .string(name, at: location), keyLocation: location)
            if let driver = volumeDrivers[name]?.driver {
                volume.set("driver", driver, keyLocation: driver.location)
            }
            declarations.set(name, ComposeNode(.mapping(volume), at: location), keyLocation: location)
        }
        return declarations
    }
}
