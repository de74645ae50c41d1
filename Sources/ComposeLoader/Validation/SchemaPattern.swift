/// A regular expression of the small dialect the compose schema uses, matched in linear time.
///
/// JSON Schema `pattern`s search (they are not implicitly anchored). Supported: literals, `.`, `^`, `$`,
/// classes `[a-z_.-]` (and `[^…]`), escapes `\d \w \s` and escaped punctuation, groups `( )` / `(?: )`,
/// alternation and the quantifiers `* + ?`. Matching runs a Thompson NFA over the Unicode scalars, so a hostile
/// key cannot make validation slow. `.` does not match a newline and `^`/`$` anchor at the text ends (as in Go).
struct SchemaPattern: Sendable {
    let source: String
    private let program: [Instruction]
    /// The pattern is `^literal`: checked with `hasPrefix` (the `^x-` of every extension key).
    private let anchoredPrefix: String?
    private let anchoredAtStart: Bool

    enum Instruction: Sendable {
        case scalar(CharacterSet)
        case split(Int, Int)
        case jump(Int)
        case lineStart
        case lineEnd
        case match
    }

    /// A predicate over one scalar: ranges, optionally negated.
    struct CharacterSet: Sendable {
        var ranges: [ClosedRange<UInt32>]
        var negated: Bool

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            var found = false
            for range in ranges where range.contains(value) {
                found = true
                break
            }
            return found != negated
        }

        static let anyButNewline = CharacterSet(ranges: [10...10], negated: true)
    }

    init?(_ source: String) {
        self.source = source
        var parser = PatternParser(Array(source.unicodeScalars))
        guard let tree = parser.parseAlternation(), parser.atEnd else { return nil }
        var compiler = PatternCompiler()
        compiler.emit(tree)
        compiler.program.append(.match)
        program = compiler.program
        if case .sequence(let parts) = tree, parts.first.map(PatternNode.isStart) == true {
            anchoredAtStart = true
            let rest = parts.dropFirst()
            var literal = ""
            var allLiteral = true
            for part in rest {
                if case .literal(let scalar) = part { literal.unicodeScalars.append(scalar) } else { allLiteral = false }
            }
            anchoredPrefix = allLiteral ? literal : nil
        } else {
            anchoredAtStart = false
            anchoredPrefix = nil
        }
    }

    /// Whether the pattern matches somewhere in `text`.
    func matches(_ text: String) -> Bool {
        if let anchoredPrefix { return text.hasPrefix(anchoredPrefix) }
        let scalars = Array(text.unicodeScalars)
        var current = ThreadSet(capacity: program.count)
        var next = ThreadSet(capacity: program.count)
        for position in 0...scalars.count {
            if position == 0 || !anchoredAtStart {
                if addThread(0, to: &current, position: position, count: scalars.count) { return true }
            }
            if current.isEmpty { return false }
            guard position < scalars.count else { break }
            let scalar = scalars[position]
            next.clear()
            for pc in current.members {
                if case .scalar(let set) = program[pc], set.contains(scalar) {
                    if addThread(pc + 1, to: &next, position: position + 1, count: scalars.count) { return true }
                }
            }
            swap(&current, &next)
        }
        return false
    }

    /// Follows empty transitions from `pc`; true when a match state is reached.
    private func addThread(_ start: Int, to set: inout ThreadSet, position: Int, count: Int) -> Bool {
        var stack = [start]
        while let pc = stack.popLast() {
            guard set.insert(pc) else { continue }
            switch program[pc] {
            case .match: return true
            case .jump(let target): stack.append(target)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .lineStart: if position == 0 { stack.append(pc + 1) }
            case .lineEnd: if position == count { stack.append(pc + 1) }
            case .scalar: break
            }
        }
        return false
    }

    /// A sparse set of program counters (insertion order kept, O(1) membership).
    private struct ThreadSet {
        var members: [Int] = []
        var marks: [Bool]

        init(capacity: Int) {
            marks = Array(repeating: false, count: capacity)
        }

        var isEmpty: Bool { members.isEmpty }

        mutating func insert(_ pc: Int) -> Bool {
            if marks[pc] { return false }
            marks[pc] = true
            members.append(pc)
            return true
        }

        mutating func clear() {
            for pc in members { marks[pc] = false }
            members.removeAll(keepingCapacity: true)
        }
    }
}

/// Parsed form of a pattern.
indirect enum PatternNode: Sendable {
    case literal(Unicode.Scalar)
    case set(SchemaPattern.CharacterSet)
    case start
    case end
    case sequence([PatternNode])
    case alternation([PatternNode])
    case star(PatternNode)
    case plus(PatternNode)
    case optional(PatternNode)

    static func isStart(_ node: PatternNode) -> Bool {
        if case .start = node { return true }
        return false
    }
}

/// Recursive-descent parser of the pattern dialect; nil on anything unsupported.
struct PatternParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    var atEnd: Bool { index == scalars.count }

    mutating func parseAlternation() -> PatternNode? {
        var branches: [PatternNode] = []
        guard let first = parseSequence() else { return nil }
        branches.append(first)
        while index < scalars.count, scalars[index] == "|" {
            index += 1
            guard let next = parseSequence() else { return nil }
            branches.append(next)
        }
        return branches.count == 1 ? first : .alternation(branches)
    }

    private mutating func parseSequence() -> PatternNode? {
        var parts: [PatternNode] = []
        while index < scalars.count, scalars[index] != "|", scalars[index] != ")" {
            guard var atom = parseAtom() else { return nil }
            while index < scalars.count {
                switch scalars[index] {
                case "*": atom = .star(atom)
                case "+": atom = .plus(atom)
                case "?": atom = .optional(atom)
                default: break
                }
                guard "*+?".unicodeScalars.contains(scalars[index]) else { break }
                index += 1
            }
            parts.append(atom)
        }
        return .sequence(parts)
    }

    private mutating func parseAtom() -> PatternNode? {
        let scalar = scalars[index]
        index += 1
        switch scalar {
        case "^": return .start
        case "$": return .end
        case ".": return .set(.anyButNewline)
        case "(":
            if index + 1 < scalars.count, scalars[index] == "?", scalars[index + 1] == ":" { index += 2 }
            guard let inner = parseAlternation(), index < scalars.count, scalars[index] == ")" else { return nil }
            index += 1
            return inner
        case "[": return parseClass()
        case "\\":
            guard index < scalars.count else { return nil }
            let escaped = scalars[index]
            index += 1
            if let set = PatternParser.classEscape(escaped) { return .set(set) }
            return .literal(escaped)
        case "*", "+", "?", "{", ")": return nil
        default: return .literal(scalar)
        }
    }

    private mutating func parseClass() -> PatternNode? {
        var set = SchemaPattern.CharacterSet(ranges: [], negated: false)
        if index < scalars.count, scalars[index] == "^" {
            set.negated = true
            index += 1
        }
        var first = true
        while index < scalars.count {
            var scalar = scalars[index]
            if scalar == "]", !first {
                index += 1
                return .set(set)
            }
            first = false
            index += 1
            if scalar == "\\" {
                guard index < scalars.count else { return nil }
                let escaped = scalars[index]
                index += 1
                if let inner = PatternParser.classEscape(escaped) {
                    set.ranges += inner.ranges
                    continue
                }
                scalar = escaped
            }
            // A `-` between two members is a range; first or last it is literal.
            if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] != "]" {
                var upper = scalars[index + 1]
                index += 2
                if upper == "\\" {
                    guard index < scalars.count else { return nil }
                    upper = scalars[index]
                    index += 1
                }
                guard scalar.value <= upper.value else { return nil }
                set.ranges.append(scalar.value...upper.value)
            } else {
                set.ranges.append(scalar.value...scalar.value)
            }
        }
        return nil
    }

    private static func classEscape(_ scalar: Unicode.Scalar) -> SchemaPattern.CharacterSet? {
        let digits: ClosedRange<UInt32> = 48...57
        let word: [ClosedRange<UInt32>] = [digits, 65...90, 97...122, 95...95]
        let space: [ClosedRange<UInt32>] = [9...13, 32...32]
        switch scalar {
        case "d": return .init(ranges: [digits], negated: false)
        case "D": return .init(ranges: [digits], negated: true)
        case "w": return .init(ranges: word, negated: false)
        case "W": return .init(ranges: word, negated: true)
        case "s": return .init(ranges: space, negated: false)
        case "S": return .init(ranges: space, negated: true)
        default: return nil
        }
    }
}

/// Turns a parsed pattern into NFA instructions.
struct PatternCompiler {
    var program: [SchemaPattern.Instruction] = []

    mutating func emit(_ node: PatternNode) {
        switch node {
        case .literal(let scalar): program.append(.scalar(.init(ranges: [scalar.value...scalar.value], negated: false)))
        case .set(let set): program.append(.scalar(set))
        case .start: program.append(.lineStart)
        case .end: program.append(.lineEnd)
        case .sequence(let parts): parts.forEach { emit($0) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (offset, branch) in branches.enumerated() {
                if offset < branches.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, 0))
                    emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(0))
                    program[split] = .split(split + 1, program.count)
                } else {
                    emit(branch)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .star(let inner):
            let split = program.count
            program.append(.split(split + 1, 0))
            emit(inner)
            program.append(.jump(split))
            program[split] = .split(split + 1, program.count)
        case .plus(let inner):
            let start = program.count
            emit(inner)
            program.append(.split(start, program.count + 1))
        case .optional(let inner):
            let split = program.count
            program.append(.split(split + 1, 0))
            emit(inner)
            program[split] = .split(split + 1, program.count)
        }
    }
}
