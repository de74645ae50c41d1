import EngineAPI

/// A stage's image config as its instructions change it, one instruction at a time, with the ARGs in scope.
/// Pure: filesystem work is described by the returned step and done by the builder.
public struct BuildStageState: Sendable {
    public var image: OCIImageConfig
    /// ARGs declared in this stage, in order, with their value (nil: declared without one).
    public private(set) var args: [(name: String, value: String?)] = []
    /// CMD was set in this stage: a later ENTRYPOINT then keeps it.
    public private(set) var cmdSet = false
    let plan: BuildPlan
    let stageIndex: Int
    let stageNames: [String: Int]

    static let defaultShell = ["/bin/sh", "-c"]

    public init(image: OCIImageConfig, plan: BuildPlan, stage: Int) {
        self.image = image
        self.plan = plan
        stageIndex = stage
        var names: [String: Int] = [:]
        for stage in plan.stages.prefix(stage) { if let name = stage.name { names[name] = stage.index } }
        stageNames = names
        if self.image.config == nil { self.image.config = OCIImageConfig.Runtime() }
    }

    var config: OCIImageConfig.Runtime {
        get { image.config ?? OCIImageConfig.Runtime() }
        set { image.config = newValue }
    }

    var shell: [String] { config.shell ?? Self.defaultShell }

    /// The variables substitution sees: ARGs in scope, overridden by the environment (as Docker does).
    public var variables: [String: String] {
        var values: [String: String] = [:]
        for arg in args { if let value = arg.value { values[arg.name] = value } }
        for entry in config.env ?? [] {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return values
    }

    var lexer: DockerfileShellLexer { DockerfileShellLexer(escape: plan.dockerfile.escape, variables: variables) }

    func location(_ instruction: DockerfileInstruction) -> DockerfileLocation {
        DockerfileLocation(fileName: plan.dockerfile.fileName, line: instruction.line)
    }

    /// Applies one instruction to the config and says what else it needs.
    public mutating func evaluate(_ instruction: DockerfileInstruction) throws(EngineError) -> BuildStep {
        let location = location(instruction)
        let text = instruction.argumentText
        func step(_ display: String, _ comment: String, _ action: BuildStep.Action = .metadata) -> BuildStep {
            BuildStep(instruction: instruction, display: display, action: action, createdBy: nop(comment))
        }
        switch instruction.keyword {
        case "ENV":
            let pairs = try keyValues(instruction, location: location)
            var env = config.env ?? []
            for (key, value) in pairs { Self.set(&env, key, value) }
            config.env = env
            let rendered = pairs.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            return step("ENV \(rendered)", " ENV \(rendered)")
        case "LABEL":
            let pairs = try keyValues(instruction, location: location)
            var labels = config.labels ?? [:]
            for (key, value) in pairs { labels[key] = value }
            config.labels = labels
            let rendered = pairs.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            return step("LABEL \(rendered)", " LABEL \(rendered)")
        case "MAINTAINER":
            image.author = text
            return step("MAINTAINER \(text)", " MAINTAINER \(text)")
        case "ARG":
            var rendered: [String] = []
            for (name, defaultValue) in try Self.argDeclarations(instruction, lexer: lexer, location: location) {
                let value = plan.buildArgs[name] ?? defaultValue ?? plan.globalArgs[name]
                args.removeAll { $0.name == name }
                args.append((name, value))
                rendered.append(defaultValue.map { "\(name)=\($0)" } ?? name)
            }
            let joined = rendered.joined(separator: " ")
            return step("ARG \(joined)", " ARG \(joined)")
        case "WORKDIR":
            let path = try expand(text, location)
            let current = config.workingDir ?? "/"
            let absolute = DockerIgnore.clean(path.hasPrefix("/") ? path : current + "/" + path)
            config.workingDir = absolute
            return BuildStep(instruction: instruction, display: "WORKDIR \(path)", action: .workdir(absolute),
                             createdBy: shell.joined(separator: " ") + " #(nop) WORKDIR \(absolute)")
        case "USER":
            let user = try expand(text, location)
            config.user = user
            return step("USER \(user)", " USER \(user)")
        case "EXPOSE":
            var ports = config.exposedPorts ?? [:]
            var added: [String] = []
            for word in try expandWords(text, location) {
                for port in try Self.ports(word, location: location) {
                    ports[port] = EmptyObject()
                    added.append(port)
                }
            }
            config.exposedPorts = ports
            return step("EXPOSE \(added.joined(separator: " "))", " EXPOSE \(added.sorted().joined(separator: " "))")
        case "VOLUME":
            let volumes: [String]
            switch instruction.arguments {
            case .exec(let words): volumes = try words.map { (word) throws(EngineError) in try expand(word, location) }
            case .shell(let text): volumes = try expandWords(text, location)
            }
            guard !volumes.isEmpty, volumes.allSatisfy({ !$0.isEmpty }) else {
                throw location.error("VOLUME specified can not be an empty string")
            }
            var map = config.volumes ?? [:]
            for volume in volumes { map[volume] = EmptyObject() }
            config.volumes = map
            return step("VOLUME \(volumes.joined(separator: " "))", " VOLUME [\(volumes.joined(separator: " "))]")
        case "STOPSIGNAL":
            let signal = try expand(text, location)
            guard Self.isSignal(signal) else { throw location.error("invalid signal: \(signal)") }
            config.stopSignal = signal
            return step("STOPSIGNAL \(signal)", " STOPSIGNAL \(signal)")
        case "CMD":
            let command = commandLine(instruction.arguments)
            config.cmd = command
            cmdSet = true
            return step("CMD \(instruction.text)", " CMD \(Self.goQuoted(command ?? []))")
        case "ENTRYPOINT":
            let command = commandLine(instruction.arguments)
            config.entrypoint = command
            if !cmdSet { config.cmd = nil }
            return step("ENTRYPOINT \(instruction.text)", " ENTRYPOINT \(Self.goQuoted(command ?? []))")
        case "SHELL":
            guard case .exec(let words) = instruction.arguments else {
                throw location.error("SHELL requires the arguments to be in JSON form")
            }
            config.shell = words
            return step("SHELL \(instruction.text)", " SHELL [\(words.joined(separator: " "))]")
        case "HEALTHCHECK":
            let check = try Self.healthcheck(instruction, location: location)
            config.healthcheck = check
            return step("HEALTHCHECK \(instruction.text)", " HEALTHCHECK \(Self.describe(check))")
        case "ONBUILD":
            config.onBuild = (config.onBuild ?? []) + [text]
            return step("ONBUILD \(text)", " ONBUILD \(text)")
        case "RUN":
            return try run(instruction)
        case "COPY", "ADD":
            return try copy(instruction, location: location)
        default:
            throw location.error("unknown instruction: \(instruction.keyword)")
        }
    }

    /// `/bin/sh -c #(nop) ` + comment, as Docker's classic builder writes metadata-only history.
    func nop(_ comment: String) -> String {
        shell.joined(separator: " ") + " #(nop) " + comment
    }

    func commandLine(_ arguments: DockerfileInstruction.Arguments) -> [String]? {
        switch arguments {
        case .exec(let words): return words.isEmpty ? nil : words
        case .shell(let text): return text.isEmpty ? nil : shell + [text]
        }
    }

    mutating func run(_ instruction: DockerfileInstruction) throws(EngineError) -> BuildStep {
        let command: [String]
        switch instruction.arguments {
        case .exec(let words):
            guard !words.isEmpty else { throw location(instruction).error("RUN requires at least one argument") }
            command = words
        case .shell(let text):
            command = shell + [text]
        }
        var env = config.env ?? []
        let envKeys = Set(env.map { String($0.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]) })
        var argEnv: [String] = []
        for arg in args {
            guard let value = arg.value, !envKeys.contains(arg.name) else { continue }
            argEnv.append("\(arg.name)=\(value)")
        }
        argEnv.sort()
        env += argEnv
        for name in BuildPlan.predefinedArgs.sorted() where !envKeys.contains(name) && !args.contains(where: { $0.name == name }) {
            if let value = plan.buildArgs[name] { env.append("\(name)=\(value)") }
        }
        var createdBy = command.joined(separator: " ")
        if !argEnv.isEmpty { createdBy = "|\(argEnv.count) " + argEnv.joined(separator: " ") + " " + createdBy }
        let run = BuildStep.Run(args: command, env: env, cwd: config.workingDir ?? "/", user: config.user ?? "", argEnv: argEnv)
        return BuildStep(instruction: instruction, display: "RUN \(instruction.text)", action: .run(run), createdBy: createdBy)
    }

    mutating func copy(_ instruction: DockerfileInstruction, location: DockerfileLocation) throws(EngineError) -> BuildStep {
        let isAdd = instruction.keyword == "ADD"
        var words: [String]
        switch instruction.arguments {
        case .exec(let list): words = try list.map { (word) throws(EngineError) in try expand(word, location) }
        case .shell(let text): words = try expandWords(text, location)
        }
        guard words.count >= 2 else { throw location.error("\(instruction.keyword) requires at least two arguments") }
        let destinationText = words.removeLast()
        if isAdd, let url = words.first(where: { $0.contains("://") || $0.hasPrefix("git@") }) {
            throw location.error("ADD \(url): remote sources are not supported by this builder", .unsupported)
        }
        var from: BuildPlan.CopySource?
        if let value = instruction.flag("from") {
            let globals = DockerfileShellLexer(escape: plan.dockerfile.escape, variables: plan.globalArgs)
            from = try BuildPlan.copySource(value, current: stageIndex, names: stageNames, lexer: globals, location: location)
        }
        var chmod: UInt32?
        if let text = instruction.flag("chmod") {
            guard let mode = UInt32(text, radix: 8), mode <= 0o7777 else { throw location.error("invalid chmod parameter: \(text)") }
            chmod = mode
        }
        let chown = try instruction.flag("chown").map { (text) throws(EngineError) in try expand(text, location) }
        let isDirectory = destinationText.hasSuffix("/") || destinationText == "." || destinationText == ".."
            || destinationText.hasSuffix("/.") || destinationText.hasSuffix("/..")
        if words.count > 1, !isDirectory {
            throw location.error("When using \(instruction.keyword) with more than one source file, the destination must be a directory and end with a /")
        }
        let workdir = config.workingDir ?? "/"
        let destination = DockerIgnore.clean(destinationText.hasPrefix("/") ? destinationText : workdir + "/" + destinationText)
        var flags = ""
        for flag in instruction.flags where flag.name != "link" {
            flags += "--\(flag.name)=\((flag.name == "chown" ? chown : flag.value) ?? "") "
        }
        let copy = BuildStep.Copy(isAdd: isAdd, sources: words, destination: destination, destinationIsDirectory: isDirectory,
                                  from: from, chown: chown, chmod: chmod)
        let display = "\(instruction.keyword) \(flags)\(words.joined(separator: " ")) \(destinationText)"
        return BuildStep(instruction: instruction, display: display, action: .copy(copy), createdBy: "")
    }

    func expand(_ text: String, _ location: DockerfileLocation) throws(EngineError) -> String {
        try BuildPlan.expand(text, lexer, location)
    }

    func expandWords(_ text: String, _ location: DockerfileLocation) throws(EngineError) -> [String] {
        do throws(DockerfileShellLexer.Failure) {
            return try lexer.expandWords(text)
        } catch {
            throw location.error(error.message)
        }
    }

    static func set(_ env: inout [String], _ key: String, _ value: String) {
        let entry = "\(key)=\(value)"
        if let index = env.firstIndex(where: { $0.hasPrefix(key + "=") || $0 == key }) {
            env[index] = entry
        } else {
            env.append(entry)
        }
    }
}
