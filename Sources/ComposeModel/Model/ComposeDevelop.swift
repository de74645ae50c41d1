/// Development-mode settings (`develop:`; compose-go `types.DevelopConfig`).
public struct ComposeDevelop: Sendable, Hashable {
    public var watch: [Trigger] = []
    public var extensions: [String: ComposeNode] = [:]

    public init() {}

    /// One `develop.watch` rule.
    public struct Trigger: Sendable, Hashable {
        public var path: String = ""
        public var action: Action = .sync
        public var target: String?
        public var exec: ComposeServiceHook?
        public var include: [String] = []
        public var ignore: [String] = []
        public var initialSync: Bool?
        public var extensions: [String: ComposeNode] = [:]

        public init(path: String, action: Action) {
            self.path = path
            self.action = action
        }
    }

    /// What a watch rule does on a change (a closed set in the schema).
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case rebuild
        case sync
        case restart
        case syncRestart = "sync+restart"
        case syncExec = "sync+exec"
    }
}
