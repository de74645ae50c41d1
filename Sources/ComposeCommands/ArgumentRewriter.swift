/// Command-line spellings that swift-argument-parser cannot express directly: after `logs`, `-f` means
/// `--follow`, after `rm` it means `--force` (docker compose's local flags shadow the global `-f/--file`),
/// also inside a group like `-ft`.
enum ArgumentRewriter {
    /// Global options that take a value, so their value is not mistaken for the subcommand.
    static let valued: Set<String> = ["-f", "--file", "-p", "--project-name", "--project-directory", "--env-file",
                                      "--profile", "--ansi", "--progress", "--parallel", "--engine", "-H", "--host"]

    /// Subcommands whose own `-f` shadows the global one, with its long name.
    static let shadowing = ["logs": "--follow", "rm": "--force"]

    static func rewrite(_ arguments: [String]) -> [String] {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if valued.contains(argument) {
                index += 2
                continue
            }
            if argument.hasPrefix("-") {
                index += 1
                continue
            }
            break
        }
        guard index < arguments.count, let long = shadowing[arguments[index]] else { return arguments }
        var result = Array(arguments[...index])
        for argument in arguments[(index + 1)...] {
            if argument == "-f" {
                result.append(long)
            } else if argument.count > 2, argument.hasPrefix("-"), !argument.hasPrefix("--"),
                      argument.dropFirst().allSatisfy(\.isLetter), argument.contains("f") {
                for letter in argument.dropFirst() {
                    result.append(letter == "f" ? long : "-\(letter)")
                }
            } else {
                result.append(argument)
            }
        }
        return result
    }
}
