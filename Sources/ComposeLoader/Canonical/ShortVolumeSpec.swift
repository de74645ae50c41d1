/// A short volume spec (`[source:]target[:options]`) parsed as compose-go's format.ParseVolume does.
struct ShortVolumeSpec: Equatable, Sendable {
    var type = ""
    var source = ""
    var target = ""
    var readOnly = false
    var selinux = ""
    var propagation = ""
    var hasBind = false
    var createHostPath = false
    var hasVolume = false
    var noCopy = false

    struct ParseError: Error, Equatable {
        var message: String
    }

    private static let propagations: Set<String> = ["rprivate", "private", "rshared", "shared", "rslave", "slave"]

    static func parse(_ spec: String) throws(ParseError) -> ShortVolumeSpec {
        var volume = ShortVolumeSpec()
        let scalars = Array(spec.unicodeScalars)
        switch scalars.count {
        case 0:
            throw ParseError(message: "invalid empty volume spec")
        case 1, 2:
            // compose-go keys this on the byte length; for one or two ASCII characters it is the same.
            if spec.utf8.count <= 2 {
                volume.target = spec
                volume.type = "volume"
                return volume
            }
        default:
            break
        }
        var buffer: [Unicode.Scalar] = []
        var substitutionDepth = 0
        for index in 0...scalars.count {
            let atEnd = index == scalars.count
            let char: Unicode.Scalar = atEnd ? "\u{0}" : scalars[index]
            if !atEnd && char == "$" && index + 1 < scalars.count && scalars[index + 1] == "{" {
                substitutionDepth += 1
                buffer.append(char)
                continue
            }
            if !atEnd && char == "}" && substitutionDepth > 0 {
                substitutionDepth -= 1
                buffer.append(char)
                continue
            }
            if !atEnd && char == ":" && buffer.count == 1 && isLetter(buffer[0]) {
                buffer.append(char)
            } else if (atEnd || char == ":") && substitutionDepth == 0 {
                do {
                    try volume.populate(buffer: String(String.UnicodeScalarView(buffer)), atEnd: atEnd)
                } catch {
                    throw ParseError(message: "invalid spec: \(spec): \(error.message)")
                }
                buffer.removeAll()
            } else {
                buffer.append(char)
            }
        }
        volume.populateType()
        return volume
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic
    }

    private mutating func populate(buffer: String, atEnd: Bool) throws(ParseError) {
        if buffer.isEmpty { throw ParseError(message: "empty section between colons") }
        if source.isEmpty && atEnd {
            target = buffer
            return
        }
        if source.isEmpty {
            source = buffer
            return
        }
        if target.isEmpty {
            target = buffer
            return
        }
        if !atEnd { throw ParseError(message: "too many colons") }
        for option in buffer.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            switch option {
            case "ro": readOnly = true
            case "rw": readOnly = false
            case "nocopy":
                hasVolume = true
                noCopy = true
            case "z", "Z":
                hasBind = true
                selinux = option
            default:
                if Self.propagations.contains(option) {
                    hasBind = true
                    propagation = option
                }
            }
        }
    }

    private mutating func populateType() {
        if Self.isFilePath(source) {
            type = "bind"
            hasBind = true
            createHostPath = true
        } else {
            type = "volume"
            hasVolume = true
        }
    }

    private static func isFilePath(_ source: String) -> Bool {
        guard let first = source.unicodeScalars.first else { return false }
        if first == "." || first == "/" || first == "~" { return true }
        if source.hasPrefix("\\\\") { return true }
        let rest = source.unicodeScalars.dropFirst()
        guard let second = rest.first else { return false }
        return second == ":" && isLetter(first)
    }
}
