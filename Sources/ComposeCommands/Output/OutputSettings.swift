/// How progress is rendered (docker compose's `--progress` modes once `auto` is resolved).
enum ProgressMode: String, Sendable, Equatable, CaseIterable {
    case tty, plain, json, quiet
}

/// The resolved output settings of one command run.
struct ProgressSettings: Sendable, Equatable {
    var mode: ProgressMode
    /// Colours in the progress display (only the tty mode has any).
    var colors: Bool
}

/// Resolution of `--progress`, `--ansi`, COMPOSE_PROGRESS, COMPOSE_ANSI and NO_COLOR, as docker compose v2.40
/// does in its root command.
enum OutputSettings {
    /// The progress mode and colours.
    /// - Parameters:
    ///   - progress: the `--progress` value, nil when the flag was not given (then COMPOSE_PROGRESS applies).
    ///   - ansi: the `--ansi` value, nil when the flag was not given (then COMPOSE_ANSI, else `auto`).
    ///   - stderrIsTerminal: progress goes to standard error; `auto` means tty only on a terminal.
    static func progress(
        progress: String?, ansi: String?, environment: [String: String], stderrIsTerminal: Bool
    ) throws(CommandFailure) -> ProgressSettings {
        let ansi = effectiveANSI(ansi, environment: environment)
        let requested = progress ?? environment["COMPOSE_PROGRESS"] ?? ""
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let colors = !noColor && ansi != "never"
        // `--ansi` alone decides first; an explicit `--progress` then overrides it.
        var mode: ProgressMode
        switch ansi {
        case "never": mode = .plain
        case "always": mode = .tty
        default: mode = stderrIsTerminal ? .tty : .plain
        }
        switch requested {
        case "", "auto":
            break
        case "tty":
            if ansi == "never" { throw CommandFailure("can't use --progress tty while ANSI support is disabled") }
            mode = .tty
        case "plain":
            if ansi == "always" { throw CommandFailure("can't use --progress plain while ANSI support is forced") }
            mode = .plain
        case "quiet", "none":
            mode = .quiet
        case "json":
            mode = .json
        default:
            throw CommandFailure("unsupported --progress value \"\(requested)\"")
        }
        return ProgressSettings(mode: mode, colors: colors)
    }

    /// Whether a stream's output (logs, attach prefixes) is coloured: `always`, or `auto` on a terminal;
    /// never when NO_COLOR is set to a non-empty value.
    static func colors(ansi: String?, environment: [String: String], isTerminal: Bool) -> Bool {
        if !(environment["NO_COLOR"] ?? "").isEmpty { return false }
        switch effectiveANSI(ansi, environment: environment) {
        case "always": return true
        case "auto": return isTerminal
        default: return false
        }
    }

    /// The `--ansi` flag wins; without it COMPOSE_ANSI; else `auto`.
    static func effectiveANSI(_ flag: String?, environment: [String: String]) -> String {
        flag ?? environment["COMPOSE_ANSI"] ?? "auto"
    }
}
