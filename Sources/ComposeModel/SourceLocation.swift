/// Where a value came from: a file and a 1-based line and column.
///
/// Every node of a loaded compose file keeps one through every loader phase, so a problem found late
/// (a reference to an undefined network, a bad port) can still be reported at the line that caused it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
