/// One step into a compose document: a mapping key or a sequence index.
public enum ComposeKeyPathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)
}

extension Array where Element == ComposeKeyPathComponent {
    /// The form diagnostics use: keys joined by dots, items as `[i]` (`services.web.ports[0]`).
    public var rendered: String {
        var text = ""
        for component in self {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
