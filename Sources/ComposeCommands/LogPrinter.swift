import EngineAPI
import Foundation

/// TEMPORARY minimal printer (replaced by the output layer's).
struct LogPrinter: Sendable {
    var prefix = true
    var timestamps = false

    func attaching(_ names: [String]) {
        StandardOutput.write("Attaching to " + names.joined(separator: ", ") + "\n")
    }

    func print(container: String, line: LogLine) {
        var text = prefix ? "\(container)  | " : ""
        if timestamps, let stamp = line.timestamp { text += stamp + " " }
        StandardOutput.write(text + line.text + "\n")
    }

    func exited(container: String, code: Int) {
        StandardOutput.write("\(container) exited with code \(code)\n")
    }
}
