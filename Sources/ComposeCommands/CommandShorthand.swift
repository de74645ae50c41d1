/// docker compose's `logs -f` (follow), `rm -f` and `engine prune -f` (force), while `-f` before the command is `--file`. Every
/// command shares the parser of the global options, which reads `-f` after the command as a file too; so
/// after `logs`, `rm` or `engine`, `-f` — alone or in a cluster of that command's flags (`-ft`, `-sfv`) — is rewritten
/// to the long flag before parsing.
enum CommandShorthand {
    /// Per command: its single-letter flags that may be clustered, and the long form of `-f`.
    private static let commands: [String: (flags: Set<Character>, f: String)] = [
        "logs": (["f", "t"], "--follow"),
        "rm": (["f", "s", "v"], "--force"),
        // `engine prune -f`/`-af`: no other engine subcommand has a `-f`.
        "engine": (["f", "a"], "--force"),
    ]

    /// Global options that take a value (so their value is not taken for the command name).
    private static let globalValueOptions: Set<String> = ["-f", "--file", "-p", "--project-name", "--project-directory",
                                                          "--env-file", "--profile", "--ansi", "--progress", "--parallel"]

    static func rewrite(_ arguments: [String]) -> [String] {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if globalValueOptions.contains(argument) {
                index += 2
            } else if argument.hasPrefix("-") {
                index += 1
            } else {
                break
            }
        }
        guard index < arguments.count, let command = commands[arguments[index]] else { return arguments }
        var result = Array(arguments[...index])
        for (offset, argument) in arguments[(index + 1)...].enumerated() {
            if argument == "--" {
                result += arguments[(index + 1 + offset)...]
                break
            }
            let letters = argument.dropFirst()
            guard argument.hasPrefix("-"), !argument.hasPrefix("--"), letters.contains("f"),
                  letters.allSatisfy(command.flags.contains) else {
                result.append(argument)
                continue
            }
            result += letters.map { $0 == "f" ? command.f : "-\($0)" }
        }
        return result
    }
}
