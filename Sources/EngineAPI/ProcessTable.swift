/// A container's processes as `ps -ef` lists them: column titles and one row per process.
public struct ProcessTable: Sendable, Hashable, Codable {
    public var titles: [String]
    public var processes: [[String]]

    public init(titles: [String], processes: [[String]]) {
        self.titles = titles
        self.processes = processes
    }
}
