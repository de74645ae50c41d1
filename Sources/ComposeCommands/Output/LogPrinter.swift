import Foundation

/// Container output as docker compose prints it when attached (`up`) and for `compose logs`:
/// `web-1  | hello`, the prefix padded to the longest name seen so far and coloured per container from docker
/// compose's colour rotation; `exited with code N` status lines; the `Attaching to …` banner.
///
/// Thread-safe: lines come from many containers at once; every line is written whole, in one writer call,
/// under a lock, so lines never interleave.
final class LogPrinter: @unchecked Sendable {
    typealias Writer = @Sendable (String) -> Void

    enum Stream: Sendable { case stdout, stderr }

    /// docker compose's rotation: cyan, yellow, green, magenta, blue, then their intense (bold) forms.
    static let rotation: [ANSI.Style] = ["36", "33", "32", "35", "34", "36;1", "33;1", "32;1", "35;1", "34;1"]
        .map { ANSI.Style(open: ANSI.escape + $0 + "m") }

    private let colors: Bool
    private let prefixes: Bool
    private let timestamps: Bool
    private let timeZone: TimeZone
    private let now: @Sendable () -> Date
    private let stdout: Writer
    private let stderr: Writer
    // Guarded by `lock`; that is why the class is `@unchecked Sendable`.
    private let lock = NSLock()
    private var styles: [String: ANSI.Style] = [:]
    private var nextColor = 0
    private var width = 0

    /// - Parameters:
    ///   - colors: colour the prefixes (see `OutputSettings.colors`, for standard output).
    ///   - prefix: false for `--no-log-prefix`.
    ///   - timestamps: `up --timestamps`: print the time each line is received after the prefix.
    ///     (`logs -t` gets the engine's timestamps instead: pass them to `log(_:_:stream:timestamp:)`.)
    ///   - now, timeZone: the clock of received-time stamps (tests pass fixed ones).
    init(
        colors: Bool, prefix: Bool = true, timestamps: Bool = false, timeZone: TimeZone = .current,
        now: @escaping @Sendable () -> Date = { Date() },
        stdout: @escaping Writer, stderr: @escaping Writer
    ) {
        self.colors = colors
        self.prefixes = prefix
        self.timestamps = timestamps
        self.timeZone = timeZone
        self.now = now
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Gives names their colours in this order (docker compose sorts attached containers first so colours are
    /// predictable) and widens the prefix for them. Names are otherwise registered at their first line.
    func register(_ names: [String]) {
        lock.withLock {
            for name in names { _ = style(for: name) }
        }
    }

    /// Prints a log message of a container: one output line per line of `message` (a final newline ends the
    /// last line, it does not add an empty one).
    /// - Parameter timestamp: a timestamp to print after the prefix (the engine's, for `logs -t`); when nil and
    ///   the printer was made with `timestamps`, the time of reception.
    func log(_ name: String, _ message: String, stream: Stream = .stdout, timestamp: String? = nil) {
        var body = Substring(message)
        if body.hasSuffix("\n") { body = body.dropLast() }
        lock.withLock {
            let prefix = prefix(for: name)
            let stamp = timestamp ?? (timestamps ? Self.rfc3339NanoFixed(now(), timeZone: timeZone) : nil)
            var text = ""
            for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                text += prefix
                if let stamp { text += stamp + " " }
                text += line + "\n"
            }
            // One writer call per message keeps its lines together.
            (stream == .stdout ? stdout : stderr)(text)
        }
    }

    /// `web-1 exited with code 0`, in the container's colour.
    func exited(_ name: String, code: Int, restarting: Bool = false) {
        status(name, "exited with code \(code)" + (restarting ? " (restarting)" : ""))
    }

    /// A status line of a container (`web-1 has been recreated`). docker compose starts it by clearing the
    /// terminal line; we do that only when colours are on (no escape codes in plain output).
    func status(_ name: String, _ message: String) {
        lock.withLock {
            let style = style(for: name)
            let text = (colors ? ANSI.resetLine : "") + name + " " + message
            stdout(style.apply(text, colors: colors) + "\n")
        }
    }

    /// A progress event among the logs of an attached `up` on a terminal (docker compose's "mixed" progress
    /// writer): ` Container proj-web-1  Stopping`, the status green, on standard output.
    func progress(_ event: ProgressEvent) {
        lock.withLock {
            let status = ANSI.Style.green.apply(event.statusText, colors: colors)
            stdout((colors ? ANSI.resetLine : "") + " " + event.resource + "  " + status + "\n")
        }
    }

    /// Printed on standard output by an attached `up` at the first Ctrl+C.
    static let gracefulStop = "Gracefully Stopping... press Ctrl+C again to force\n"

    /// Printed on standard error by `up --abort-on-container-exit` when a container exits (red when coloured).
    static func abortingOnExit(colors: Bool) -> String {
        ANSI.Style.redBold.apply("Aborting on container exit...", colors: colors) + "\n"
    }

    /// `Attaching to db-1, web-1`.
    static func attachBanner(_ names: [String]) -> String {
        "Attaching to " + names.joined(separator: ", ") + "\n"
    }

    /// The name shown in prefixes: `web-1` for the container `proj-web-1`, the full name for a `container_name`.
    static func displayName(containerName: String, project: String, service: String, number: Int) -> String {
        containerName == "\(project)-\(service)-\(number)" ? String(containerName.dropFirst(project.count + 1))
            : containerName
    }

    /// Go's RFC3339NanoFixed: `2026-11-29T13:01:52.263362978Z`, always nine fractional digits.
    static func rfc3339NanoFixed(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let seconds = date.timeIntervalSince1970
        let nanos = Int(((seconds - seconds.rounded(.down)) * 1e9).rounded(.down))
        let offset = timeZone.secondsFromGMT(for: date)
        let zone = offset == 0 ? "Z"
            : (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", abs(offset) / 3600, abs(offset) % 3600 / 60)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%09d", parts.year ?? 0, parts.month ?? 0,
                      parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, nanos) + zone
    }

    // MARK: - Guarded by `lock`

    private func style(for name: String) -> ANSI.Style {
        if let style = styles[name] { return style }
        let style: ANSI.Style
        if !colors || name.isEmpty {
            style = .none
        } else {
            style = Self.rotation[nextColor % Self.rotation.count]
            nextColor += 1
        }
        styles[name] = style
        width = max(width, name.utf8.count + 1)
        return style
    }

    private func prefix(for name: String) -> String {
        let style = style(for: name)
        guard prefixes else { return "" }
        let padding = String(repeating: " ", count: max(width - name.utf8.count, 0))
        return style.apply(name + padding + " | ", colors: colors)
    }
}

extension LogPrinter {
    /// The printer of a command: colours as `--ansi`/COMPOSE_ANSI/NO_COLOR and `--no-color` say for standard output.
    static func forCommand(global: GlobalOptions, noColor: Bool, prefix: Bool, timestamps: Bool) -> LogPrinter {
        let colors = !noColor && OutputSettings.colors(ansi: global.ansi, environment: ProcessInfo.processInfo.environment,
                                                      isTerminal: isatty(STDOUT_FILENO) != 0)
        return LogPrinter(colors: colors, prefix: prefix, timestamps: timestamps,
                          stdout: { StandardOutput.write($0) }, stderr: { ErrorOutput.writeRaw($0) })
    }
}
