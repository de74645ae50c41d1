import Foundation

/// A yes/no question on the terminal; without a terminal to ask on, the caller's `refusal` is thrown,
/// because a script must say yes explicitly (`-f`).
enum Confirmation {
    static func ask(_ prompt: String, refusal: String) throws -> Bool {
        guard isatty(STDIN_FILENO) != 0 else { throw CommandFailure(refusal) }
        FileHandle.standardError.write(Data(prompt.utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return answer == "y" || answer == "yes"
    }
}
