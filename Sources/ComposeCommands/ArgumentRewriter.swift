/// Command-line spellings that swift-argument-parser cannot express directly: after `logs`, `-f` means
/// `--follow` (docker compose's local flag shadows the global `-f/--file`), also inside a group like `-ft`.
enum ArgumentRewriter {
    /// Global options that take a value, so their value is not mistaken for the subcommand.
    static let valued: Set<String> = ["-f", "--file", "-p", "--project-name", "--project-directory", "--env-file",
                                      "--profile", "--ansi", "--progress", "--parallel", "--engine", "-H", "--host"]

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
        guard index < arguments.count, arguments[index] == "logs" else { return arguments }
        var result = Array(arguments[...index])
        for argument in arguments[(index + 1)...] {
            if argument == "-f" {
                result.append("--follow")
            } else if argument.count > 2, argument.hasPrefix("-"), !argument.hasPrefix("--"),
                      argument.dropFirst().allSatisfy(\.isLetter), argument.contains("f") {
                for letter in argument.dropFirst() {
                    result.append(letter == "f" ? "--follow" : "-\(letter)")
                }
            } else {
                result.append(argument)
            }
        }
        return result
    }
}
