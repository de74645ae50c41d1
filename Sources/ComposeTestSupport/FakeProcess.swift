import EngineAPI

/// What the fake engine "runs" when a container starts. It has no processes, but a few commands are common
/// enough in tests (and in the engine contract) that it plays them out: `echo` (to stderr with `>&2`),
/// `true`, `false`, `:` and `exit N`, alone or as `sh -c` scripts joined by `;`, `&&`, `||` or new lines,
/// with `$NAME` / `${NAME}` taken from the container's environment. Anything else (`sleep`, a server, the
/// image's default command) keeps running until the container is stopped or a test makes it exit.
struct FakeProcess: Sendable {
    enum Ending: Sendable, Hashable {
        case exits(Int)
        case keepsRunning
    }

    var output: [(stream: LogLine.Stream, text: String)] = []
    var ending: Ending = .keepsRunning

    init(_ spec: ContainerSpec) {
        let argv = (spec.entrypoint ?? []) + (spec.command ?? [])
        guard let program = argv.first else { return }
        var environment: [String: String] = [:]
        for variable in spec.environment { environment[variable.name] = variable.value }
        let name = program.split(separator: "/").last.map(String.init) ?? program
        if name == "sh" || name == "bash" || name == "ash" {
            guard argv.count >= 3, argv[1] == "-c" else { return }
            run(FakeShellScript.parse(argv[2], environment: environment))
        } else {
            run([FakeShellScript.Statement(words: argv, condition: .always)])
        }
    }

    private mutating func run(_ statements: [FakeShellScript.Statement]) {
        var status = 0
        for statement in statements {
            switch statement.condition {
            case .always: break
            case .ifSucceeded where status != 0: continue
            case .ifFailed where status == 0: continue
            default: break
            }
            var words = statement.words
            if words.first == "exec" { words.removeFirst() }
            guard let command = words.first else { continue }
            var stream = LogLine.Stream.stdout
            words = words.filter { word in
                if word == ">&2" || word == "1>&2" { stream = .stderr }
                return ![">&2", "1>&2", ">&1", "2>&1"].contains(word)
            }
            switch command {
            case "echo":
                var arguments = Array(words.dropFirst())
                if arguments.first == "-n" || arguments.first == "-e" { arguments.removeFirst() }
                output.append((stream, arguments.joined(separator: " ")))
                status = 0
            case "true", ":":
                status = 0
            case "false":
                status = 1
            case "exit":
                ending = .exits(words.dropFirst().first.flatMap { Int($0) }.map { ($0 % 256 + 256) % 256 } ?? status)
                return
            default:
                ending = .keepsRunning
                return
            }
            if statement.words.first == "exec" {
                ending = .exits(status)
                return
            }
        }
        ending = .exits(status)
    }
}

/// A very small shell grammar: statements split on unquoted `;`, new lines, `&&` and `||`; words split on
/// unquoted blanks; single and double quotes; `$NAME` and `${NAME}` outside single quotes.
enum FakeShellScript {
    enum Condition: Sendable {
        case always
        case ifSucceeded
        case ifFailed
    }

    struct Statement: Sendable {
        var words: [String]
        var condition: Condition
    }

    static func parse(_ script: String, environment: [String: String]) -> [Statement] {
        var statements: [Statement] = []
        var words: [String] = []
        var word = ""
        var inWord = false
        var condition = Condition.always
        var quote: Character?
        var characters = Array(script)[...]

        func endWord() {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        }
        func endStatement(next: Condition) {
            endWord()
            if !words.isEmpty { statements.append(Statement(words: words, condition: condition)) }
            words = []
            condition = next
        }

        while let character = characters.popFirst() {
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "$", open == "\"" {
                    word += expand(&characters, environment)
                } else {
                    word.append(character)
                }
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                inWord = true
            case "$":
                word += expand(&characters, environment)
                inWord = true
            case " ", "\t":
                endWord()
            case ";", "\n":
                endStatement(next: .always)
            case "&" where characters.first == "&":
                characters.removeFirst()
                endStatement(next: .ifSucceeded)
            case "|" where characters.first == "|":
                characters.removeFirst()
                endStatement(next: .ifFailed)
            default:
                word.append(character)
                inWord = true
            }
        }
        endStatement(next: .always)
        return statements
    }

    private static func expand(_ characters: inout ArraySlice<Character>, _ environment: [String: String]) -> String {
        var name = ""
        if characters.first == "{" {
            characters.removeFirst()
            while let character = characters.popFirst(), character != "}" { name.append(character) }
        } else {
            while let character = characters.first, character.isLetter || character.isNumber || character == "_" {
                name.append(character)
                characters.removeFirst()
            }
            if name.isEmpty { return "$" }
        }
        return environment[name] ?? ""
    }
}
