/// The target of a short volume spec (`src:dst:opts`), parsed as compose-go's format.ParseVolume does,
/// for the uniqueness key of service volumes. Errors carry the reference's wording.
enum VolumeTarget {
    struct Problem: Error {
        let message: String
    }

    static func target(of spec: String) throws -> String {
        let bytes = Array(spec.utf8)
        switch bytes.count {
        case 0: throw Problem(message: "invalid empty volume spec")
        case 1, 2: return spec
        default: break
        }
        var source: String?
        var target: String?
        var buffer: [Character] = []
        var substitutionDepth = 0
        let characters = Array(spec)
        var byteOffset = 0
        func flush(atEnd: Bool) throws {
            guard !buffer.isEmpty else {
                throw Problem(message: "invalid spec: \(spec): empty section between colons")
            }
            let text = String(buffer)
            if source == nil, atEnd {
                target = text
            } else if source == nil {
                source = text
            } else if target == nil {
                target = text
            } else if !atEnd {
                throw Problem(message: "invalid spec: \(spec): too many colons")
            }
        }
        for character in characters {
            let width = String(character).utf8.count
            defer { byteOffset += width }
            let nextIsBrace = byteOffset + 1 < bytes.count && bytes[byteOffset + 1] == UInt8(ascii: "{")
            if character == "$", nextIsBrace {
                substitutionDepth += 1
                buffer.append(character)
                continue
            }
            if character == "}", substitutionDepth > 0 {
                substitutionDepth -= 1
                buffer.append(character)
                continue
            }
            if character == ":", buffer.count == 1, buffer[0].isLetter {
                // A Windows drive letter (`C:`) belongs to the path.
                buffer.append(character)
            } else if character == ":", substitutionDepth == 0 {
                try flush(atEnd: false)
                buffer = []
            } else {
                buffer.append(character)
            }
        }
        // An unclosed `${` swallows the end of the spec, as there.
        if substitutionDepth == 0 { try flush(atEnd: true) }
        return target ?? ""
    }
}
