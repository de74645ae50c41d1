import ComposeLoader
import ComposeModel
import Foundation

/// A failure of a command that is not a compose-file problem: printed as one line, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Shared steps of commands that need the project: build the request, load, print warnings.
enum CommandContext {
    static func loadProject(global: GlobalOptions, options: LoaderOptions) throws -> LoadedProject {
        let (request, discoveryWarnings) = try ProjectRequestBuilder(global: global).build(options: options)
        for warning in discoveryWarnings {
            ErrorOutput.write("warning: \(warning)")
        }
        let project = try ProjectLoader.load(request)
        var renderer = DiagnosticRenderer(colors: ErrorOutput.useColors(global.ansi))
        for warning in project.warnings {
            ErrorOutput.write(renderer.render(warning))
        }
        return project
    }
}

/// Standard output, written straight from the string's UTF-8 storage (outputs can be tens of megabytes).
enum StandardOutput {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard var next = bytes.baseAddress else { return }
            var remaining = bytes.count
            while remaining > 0 {
                let written = Foundation.write(STDOUT_FILENO, next, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // a closed pipe (`compose config | head`) ends the output quietly
                }
                next += written
                remaining -= written
            }
        }
    }
}

/// Standard error, written in whole lines.
enum ErrorOutput {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Text as it is (progress frames carry their own line ends and escape codes).
    static func writeRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Whether standard error gets colours: `--ansi`, else COMPOSE_ANSI, else on a terminal; never with NO_COLOR.
    static func useColors(_ ansi: String?) -> Bool {
        OutputSettings.colors(ansi: ansi, environment: ProcessInfo.processInfo.environment,
                              isTerminal: isatty(STDERR_FILENO) != 0)
    }
}
