/// Docker's variable substitution for Dockerfile instructions: `$VAR`, `${VAR}`, `${VAR:-word}`,
/// `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, `${VAR:?message}`, quote removal (single quotes literal,
/// double quotes expanding) and the escape character. Unset variables expand to nothing.
struct DockerfileShellLexer {
    struct Failure: Error, Sendable {
        var message: String
    }

    let escape: Character
    let variables: [String: String]

    init(escape: Character = "\\", variables: [String: String]) {
        self.escape = escape
        self.variables = variables
    }

    /// One word, whitespace kept: what Docker does for WORKDIR, USER, ENV values, COPY arguments.
    func expandWord(_ text: String) throws(Failure) -> String {
        var scanner = Scanner(characters: Array(text), lexer: self)
        return try scanner.process(stopAt: nil).text
    }

    /// Words split on unquoted whitespace (also whitespace coming from an unquoted expansion): EXPOSE,
    /// shell-form COPY/ADD/VOLUME.
    func expandWords(_ text: String) throws(Failure) -> [String] {
        var scanner = Scanner(characters: Array(text), lexer: self)
        return try scanner.process(stopAt: nil).words
    }

    private struct Words {
        var text = ""
        var words: [String] = []
        var current = ""
        var inWord = false

        /// A character that splits words when it is whitespace.
        mutating func add(_ character: Character) {
            text.append(character)
            if character.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(character)
                inWord = true
            }
        }

        /// Quoted or escaped text: never splits, but makes a word even when empty (`""`).
        mutating func addRaw(_ string: String) {
            text += string
            current += string
            inWord = true
        }

        mutating func finish() -> (text: String, words: [String]) {
            if inWord { words.append(current) }
            return (text, words)
        }
    }

    private struct Scanner {
        var characters: [Character]
        var position = 0
        let lexer: DockerfileShellLexer

        init(characters: [Character], lexer: DockerfileShellLexer) {
            self.characters = characters
            self.lexer = lexer
        }

        var atEnd: Bool { position >= characters.count }

        mutating func next() -> Character? {
            guard position < characters.count else { return nil }
            defer { position += 1 }
            return characters[position]
        }

        func peek() -> Character? { position < characters.count ? characters[position] : nil }

        mutating func process(stopAt stop: Character?) throws(Failure) -> (text: String, words: [String]) {
            var words = Words()
            while let character = next() {
                if let stop, character == stop { return words.finish() }
                switch character {
                case "'":
                    words.addRaw(try singleQuoted())
                case "\"":
                    words.addRaw(try doubleQuoted())
                case "$":
                    for expanded in try dollar() { words.add(expanded) }
                case lexer.escape:
                    if let escaped = next() { words.addRaw(String(escaped)) }
                default:
                    words.add(character)
                }
            }
            if stop != nil { throw Failure(message: "missing '}' in substitution") }
            return words.finish()
        }

        mutating func singleQuoted() throws(Failure) -> String {
            var text = ""
            while let character = next() {
                if character == "'" { return text }
                text.append(character)
            }
            throw Failure(message: "unexpected end of statement while looking for matching single-quote")
        }

        mutating func doubleQuoted() throws(Failure) -> String {
            var text = ""
            while let character = next() {
                switch character {
                case "\"":
                    return text
                case "$":
                    text += try dollar()
                case lexer.escape:
                    // Only `"`, `$` and the escape itself can be escaped inside double quotes.
                    guard let following = peek() else { continue }
                    if following == "\"" || following == "$" || following == lexer.escape {
                        position += 1
                        text.append(following)
                    } else {
                        text.append(character)
                    }
                default:
                    text.append(character)
                }
            }
            throw Failure(message: "unexpected end of statement while looking for matching double-quote")
        }

        mutating func name() -> String {
            var name = ""
            if let first = peek(), first.isNumber {
                position += 1
                return String(first)
            }
            while let character = peek(), character.isLetter || character.isNumber || character == "_" {
                name.append(character)
                position += 1
            }
            return name
        }

        /// After a `$`.
        mutating func dollar() throws(Failure) -> String {
            guard peek() == "{" else {
                let variable = name()
                if variable.isEmpty { return "$" }
                return lexer.variables[variable] ?? ""
            }
            position += 1
            let variable = name()
            guard let operation = next() else { throw Failure(message: "missing '}' in substitution") }
            if variable.isEmpty { throw Failure(message: "bad substitution: missing variable name") }
            let value = lexer.variables[variable]
            if operation == "}" { return value ?? "" }
            var requireNonEmpty = false
            var modifier = operation
            if operation == ":" {
                requireNonEmpty = true
                guard let following = next() else { throw Failure(message: "missing '}' in substitution") }
                modifier = following
            }
            guard modifier == "-" || modifier == "+" || modifier == "?" else {
                throw Failure(message: "unsupported modifier (\(modifier)) in substitution of \(variable)")
            }
            let word = try process(stopAt: "}").text
            let isSet = requireNonEmpty ? (value?.isEmpty == false) : (value != nil)
            switch modifier {
            case "-":
                return isSet ? (value ?? "") : word
            case "+":
                return isSet ? word : ""
            default:
                if isSet { return value ?? "" }
                throw Failure(message: "\(variable): \(word.isEmpty ? "is not allowed to be unset" : word)")
            }
        }
    }
}
