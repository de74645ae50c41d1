/// The boolean spellings compose-go's typed decoding accepts in text (YAML 1.1 words included).
public enum ComposeBoolean {
    public static func parse(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "y", "yes", "on": return true
        case "false", "n", "no", "off": return false
        default: return nil
        }
    }
}
