import EngineAPI
import Foundation

/// Argument grammars of the metadata instructions, as Docker parses them.
extension BuildStageState {
    /// `ENV`/`LABEL`: `k=v k2="v 2"` or the legacy `KEY value with spaces`; keys and values are substituted
    /// with the variables from before the instruction.
    func keyValues(_ instruction: DockerfileInstruction, location: DockerfileLocation) throws(EngineError) -> [(String, String)] {
        let text = instruction.argumentText
        let words = Self.words(text, escape: plan.dockerfile.escape)
        guard let first = words.first else { throw location.error("\(instruction.keyword) requires at least one argument") }
        if !first.contains("=") {
            // Legacy form: the first word is the key, the rest of the line the value.
            guard words.count > 1 else { throw location.error("\(instruction.keyword) must have two arguments") }
            let rest = text.drop(while: { $0 == " " || $0 == "\t" }).dropFirst(first.count)
                .trimmingCharacters(in: .whitespaces)
            return [(try expand(first, location), try expand(rest, location))]
        }
        var pairs: [(String, String)] = []
        for word in words {
            guard let equals = word.firstIndex(of: "=") else {
                throw location.error("Syntax error - can't find = in \"\(word)\". Must be of the form: name=value")
            }
            let key = try expand(String(word[..<equals]), location)
            guard !key.isEmpty else { throw location.error("\(instruction.keyword) names can not be blank") }
            pairs.append((key, try expand(String(word[word.index(after: equals)...]), location)))
        }
        return pairs
    }

    /// `ARG NAME`, `ARG NAME=default`, several per instruction.
    static func argDeclarations(_ instruction: DockerfileInstruction, lexer: DockerfileShellLexer,
                                location: DockerfileLocation) throws(EngineError) -> [(String, String?)] {
        var declarations: [(String, String?)] = []
        for word in words(instruction.argumentText, escape: lexer.escape) {
            var name = word
            var value: String?
            if let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                value = try BuildPlan.expand(String(word[word.index(after: equals)...]), lexer, location)
            }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw location.error("invalid ARG name: \"\(name)\"")
            }
            declarations.append((name, value))
        }
        guard !declarations.isEmpty else { throw location.error("ARG requires at least one argument") }
        return declarations
    }

    /// Splits on whitespace outside quotes, keeping quotes and escapes for the substitution that follows.
    static func words(_ text: String, escape: Character) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if character == escape {
                current.append(character)
                escaped = true
                inWord = true
                continue
            }
            if let open = quote {
                if character == open { quote = nil }
                current.append(character)
                continue
            }
            if character == " " || character == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            if character == "\"" || character == "'" { quote = character }
            current.append(character)
            inWord = true
        }
        if inWord { words.append(current) }
        return words
    }

    /// `80`, `80/udp`, `8000-8002/tcp` → `80/tcp`, `80/udp`, `8000/tcp` … as Docker stores them.
    static func ports(_ text: String, location: DockerfileLocation) throws(EngineError) -> [String] {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let proto = parts.count > 1 ? parts[1].lowercased() : "tcp"
        guard ["tcp", "udp", "sctp"].contains(proto) else { throw location.error("invalid proto: \(proto)") }
        let range = parts[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let low = Int(range[0]), (0...65535).contains(low) else { throw location.error("invalid containerPort: \(parts[0])") }
        var high = low
        if range.count > 1 {
            guard let value = Int(range[1]), (low...65535).contains(value) else {
                throw location.error("invalid range specified for container port: \(parts[0])")
            }
            high = value
        }
        return (low...high).map { "\($0)/\(proto)" }
    }

    static func isSignal(_ text: String) -> Bool {
        if let number = Int(text) { return (1...64).contains(number) }
        let name = text.uppercased().hasPrefix("SIG") ? String(text.uppercased().dropFirst(3)) : text.uppercased()
        return !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" }
    }

    /// Go's `%q` of a string slice: `["/bin/sh" "-c" "echo hi"]`.
    static func goQuoted(_ words: [String]) -> String {
        "[" + words.map(DockerfileInstruction.jsonString).joined(separator: " ") + "]"
    }

    static func healthcheck(_ instruction: DockerfileInstruction, location: DockerfileLocation) throws(EngineError) -> OCIImageConfig.Healthcheck {
        let text = instruction.argumentText
        let kind = text.prefix(while: { $0 != " " && $0 != "\t" }).uppercased()
        let rest = text.dropFirst(kind.count).trimmingCharacters(in: .whitespaces)
        if kind == "NONE" {
            guard rest.isEmpty, instruction.flags.isEmpty else { throw location.error("HEALTHCHECK NONE takes no arguments") }
            return OCIImageConfig.Healthcheck(test: ["NONE"])
        }
        guard kind == "CMD" else { throw location.error("Unknown type \"\(kind)\" in HEALTHCHECK (try CMD)") }
        guard !rest.isEmpty else { throw location.error("Missing command after HEALTHCHECK CMD") }
        var check: OCIImageConfig.Healthcheck
        if let words = DockerfileParser.jsonArray(rest) {
            check = OCIImageConfig.Healthcheck(test: ["CMD"] + words)
        } else {
            check = OCIImageConfig.Healthcheck(test: ["CMD-SHELL", rest])
        }
        for (flag, keyPath) in [("interval", \OCIImageConfig.Healthcheck.interval), ("timeout", \.timeout),
                                ("start-period", \.startPeriod), ("start-interval", \.startInterval)] {
            guard let value = instruction.flag(flag) else { continue }
            guard let nanoseconds = GoDuration.parse(value) else { throw location.error("invalid duration for --\(flag): \(value)") }
            guard nanoseconds == 0 || nanoseconds >= 1_000_000 else {
                throw location.error("--\(flag) cannot be less than 1ms")
            }
            check[keyPath: keyPath] = nanoseconds
        }
        if let value = instruction.flag("retries") {
            guard let retries = Int(value) else { throw location.error("invalid value for --retries: \(value)") }
            guard retries >= 0 else { throw location.error("--retries cannot be negative (\(retries))") }
            check.retries = retries
        }
        return check
    }

    /// Go's `%q` of Docker's HealthConfig, as the classic builder's history shows it.
    static func describe(_ check: OCIImageConfig.Healthcheck) -> String {
        let durations = [check.interval, check.timeout, check.startPeriod, check.startInterval]
            .map { "\"" + GoDuration.format($0 ?? 0) + "\"" }
        let retries = check.retries ?? 0
        let hex = String(retries, radix: 16)
        return "&{\(goQuoted(check.test ?? [])) \(durations.joined(separator: " ")) '\\x\(hex.count < 2 ? "0" + hex : hex)'}"
    }
}

/// Go's `time.Duration` text: `1m30s`, `500ms`.
enum GoDuration {
    static let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]

    static func parse(_ text: String) -> Int64? {
        guard !text.isEmpty else { return nil }
        if text == "0" { return 0 }
        var total = 0.0
        var rest = Substring(text)
        while !rest.isEmpty {
            let number = rest.prefix(while: { $0.isNumber || $0 == "." })
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix(while: { !$0.isNumber && $0 != "." })
            guard let unit = units.first(where: { $0.0 == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        return Int64(total)
    }

    static func format(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        if nanoseconds < 1_000 { return "\(nanoseconds)ns" }
        if nanoseconds < 1_000_000 { return trim(Double(nanoseconds) / 1e3) + "µs" }
        if nanoseconds < 1_000_000_000 { return trim(Double(nanoseconds) / 1e6) + "ms" }
        var text = ""
        let hours = nanoseconds / 3_600_000_000_000
        let minutes = (nanoseconds / 60_000_000_000) % 60
        let seconds = Double(nanoseconds % 60_000_000_000) / 1e9
        if hours > 0 { text += "\(hours)h" }
        if hours > 0 || minutes > 0 { text += "\(minutes)m" }
        return text + trim(seconds) + "s"
    }

    static func trim(_ value: Double) -> String {
        var text = String(format: "%.9f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
