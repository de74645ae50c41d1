/// Project-name rules shared by every command.
public enum ProjectName {
    /// Lower-cases and drops every character docker compose does not allow (`[a-z0-9_-]`), then trims
    /// leading `_` and `-` (compose-go's NormalizeProjectName).
    public static func normalize(_ name: String) -> String {
        let allowed = name.lowercased().unicodeScalars.filter { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        }
        var text = String(String.UnicodeScalarView(allowed))
        while let first = text.first, first == "_" || first == "-" {
            text.removeFirst()
        }
        return text
    }

    /// Whether a name given with `-p` or `COMPOSE_PROJECT_NAME` is already valid.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && normalize(name) == name
    }

    public static func invalidMessage(_ name: String) -> String {
        "invalid project name \"\(name)\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number"
    }
}
