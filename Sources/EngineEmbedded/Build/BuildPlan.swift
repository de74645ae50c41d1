import EngineAPI

/// The stages of a Dockerfile, the global ARGs, which stages the target needs and in which order.
/// Variables inside a stage are substituted later, while the stage is evaluated (they depend on the base
/// image's environment); only FROM and `COPY --from` are resolved here, with the global ARGs.
public struct BuildPlan: Sendable {
    public enum Base: Sendable, Hashable {
        case scratch
        case stage(Int)
        case image(ImageReference)
    }

    /// Where `COPY --from` reads.
    public enum CopySource: Sendable, Hashable {
        case stage(Int)
        case image(ImageReference)
    }

    public struct Stage: Sendable {
        public var index: Int
        /// Lower-cased, as Docker compares stage names.
        public var name: String?
        public var base: Base
        /// The base as written after substitution (for the output).
        public var baseName: String
        public var line: Int
        public var instructions: [DockerfileInstruction]
        /// `COPY --from` sources by instruction line.
        public var copySources: [Int: CopySource]
    }

    public var dockerfile: Dockerfile
    public var stages: [Stage]
    public var target: Int
    /// The stages to build, dependencies first (the target last).
    public var needed: [Int]
    /// Global ARGs (declared before the first FROM) with a value, plus the automatic platform ARGs.
    public var globalArgs: [String: String]
    public var buildArgs: [String: String]
    public var warnings: [String]

    /// ARGs Docker predefines: usable as `--build-arg` without an ARG instruction, passed to RUN only.
    public static let predefinedArgs: Set<String> = [
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy",
        "ALL_PROXY", "all_proxy",
    ]

    public init(dockerfile: Dockerfile, target: String? = nil, buildArgs: [String: String] = [:],
                platform: OCIPlatform = .host) throws(EngineError) {
        self.dockerfile = dockerfile
        self.buildArgs = buildArgs
        warnings = dockerfile.warnings
        var globals = Self.platformArgs(platform)
        var declared: Set<String> = []
        var stages: [Stage] = []
        var names: [String: Int] = [:]
        let file = dockerfile.fileName

        for instruction in dockerfile.instructions {
            let location = DockerfileLocation(fileName: file, line: instruction.line)
            switch instruction.keyword {
            case "FROM":
                let lexer = DockerfileShellLexer(escape: dockerfile.escape, variables: globals)
                let stage = try Self.stage(instruction, index: stages.count, names: names, lexer: lexer, location: location)
                if let name = stage.name {
                    guard names[name] == nil else { throw location.error("duplicate stage name \"\(name)\"") }
                    names[name] = stage.index
                }
                stages.append(stage)
            case "ARG" where stages.isEmpty:
                let lexer = DockerfileShellLexer(escape: dockerfile.escape, variables: globals)
                for (name, defaultValue) in try BuildStageState.argDeclarations(instruction, lexer: lexer, location: location) {
                    declared.insert(name)
                    if let value = buildArgs[name] ?? defaultValue { globals[name] = value } else { globals[name] = nil }
                }
            default:
                guard var stage = stages.popLast() else {
                    throw location.error("no build stage in current context: \(instruction.keyword) before the first FROM")
                }
                if instruction.keyword == "ARG" {
                    let words = instruction.argumentText.split(whereSeparator: { $0 == " " || $0 == "\t" })
                    for word in words { declared.insert(String(word.split(separator: "=", maxSplits: 1)[0])) }
                }
                if instruction.keyword == "COPY", let from = instruction.flag("from") {
                    let lexer = DockerfileShellLexer(escape: dockerfile.escape, variables: globals)
                    stage.copySources[instruction.line] = try Self.copySource(from, current: stage.index, names: names,
                                                                              lexer: lexer, location: location)
                }
                stage.instructions.append(instruction)
                stages.append(stage)
            }
        }
        guard !stages.isEmpty else {
            throw EngineError(.invalidArgument, "\(file): the Dockerfile has no FROM instruction")
        }
        if let target {
            guard let index = names[target.lowercased()] else {
                throw EngineError(.invalidArgument, "\(file): target stage \"\(target)\" could not be found")
            }
            self.target = index
        } else {
            self.target = stages.count - 1
        }
        self.stages = stages
        globalArgs = globals
        needed = Self.closure(of: self.target, in: stages)
        let unused = buildArgs.keys.filter { !declared.contains($0) && !Self.predefinedArgs.contains($0) }.sorted()
        if !unused.isEmpty {
            warnings.append("[Warning] One or more build-args [\(unused.joined(separator: " "))] were not consumed")
        }
    }

    /// TARGETPLATFORM and friends: BuildKit's automatic global ARGs (a stage must re-declare them to use them).
    static func platformArgs(_ platform: OCIPlatform) -> [String: String] {
        let text = [platform.os, platform.architecture, platform.variant].compactMap { $0 }.joined(separator: "/")
        var args: [String: String] = [:]
        for prefix in ["TARGET", "BUILD"] {
            args[prefix + "PLATFORM"] = text
            args[prefix + "OS"] = platform.os
            args[prefix + "ARCH"] = platform.architecture
            args[prefix + "VARIANT"] = platform.variant ?? ""
        }
        return args
    }

    static func stage(_ instruction: DockerfileInstruction, index: Int, names: [String: Int],
                      lexer: DockerfileShellLexer, location: DockerfileLocation) throws(EngineError) -> Stage {
        let words = instruction.argumentText.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count == 1 || (words.count == 3 && words[1].lowercased() == "as") else {
            throw location.error("FROM requires either one or three arguments")
        }
        var name: String?
        if words.count == 3 {
            let candidate = words[2].lowercased()
            let valid = candidate.first?.isLetter == true && candidate.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
            guard valid else {
                throw location.error("invalid name for build stage: \"\(words[2])\", name can't start with a number or contain symbols")
            }
            name = candidate
        }
        if let platform = instruction.flag("platform") {
            let expanded = try expand(platform, lexer, location)
            guard let wanted = OCIPlatform(parsing: expanded), OCIPlatform.host.matches(wanted) else {
                throw location.error("FROM --platform=\(expanded): building for another platform is not supported", .unsupported)
            }
        }
        let baseName = try expand(words[0], lexer, location)
        guard !baseName.isEmpty else { throw location.error("base name (\(words[0])) should not be blank") }
        let base: Base
        if baseName.lowercased() == "scratch" {
            base = .scratch
        } else if let stage = names[baseName.lowercased()] {
            base = .stage(stage)
        } else if let reference = ImageReference(parsing: baseName) {
            base = .image(reference)
        } else {
            throw location.error("invalid reference format: \(baseName)")
        }
        return Stage(index: index, name: name, base: base, baseName: baseName, line: instruction.line,
                     instructions: [], copySources: [:])
    }

    static func copySource(_ text: String, current: Int, names: [String: Int], lexer: DockerfileShellLexer,
                           location: DockerfileLocation) throws(EngineError) -> CopySource {
        let value = try expand(text, lexer, location)
        if let number = Int(value), value.allSatisfy(\.isNumber) {
            guard number < current else {
                throw location.error("invalid from flag value \(value): refers to the current or a later build stage")
            }
            return .stage(number)
        }
        if let stage = names[value.lowercased()] { return .stage(stage) }
        guard let reference = ImageReference(parsing: value) else {
            throw location.error("invalid from flag value \(value): invalid reference format")
        }
        return .image(reference)
    }

    static func expand(_ text: String, _ lexer: DockerfileShellLexer, _ location: DockerfileLocation) throws(EngineError) -> String {
        do throws(DockerfileShellLexer.Failure) {
            return try lexer.expandWord(text)
        } catch {
            throw location.error(error.message)
        }
    }

    /// The target and every stage it depends on (as a base or through `COPY --from`), in index order.
    static func closure(of target: Int, in stages: [Stage]) -> [Int] {
        var needed: Set<Int> = []
        var pending = [target]
        while let index = pending.popLast() {
            guard needed.insert(index).inserted else { continue }
            if case .stage(let base) = stages[index].base { pending.append(base) }
            for source in stages[index].copySources.values {
                if case .stage(let other) = source { pending.append(other) }
            }
        }
        return needed.sorted()
    }
}
