import Foundation

/// The state and frames of docker compose's in-place progress display (pure: time and width are parameters).
///
/// A frame moves the cursor back over the previous frame, hides the cursor, prints the header
/// `[+] Running 2/3` and one line per resource in first-seen order — ` ✔ Container proj-web-1  Created` with
/// the elapsed time right-aligned to the terminal width — and shows the cursor again. Lines are padded to the
/// full width, so a redraw overwrites the previous one without clearing.
struct TTYProgressBoard: Sendable {
    struct Line: Sendable, Equatable {
        var resource: String
        var state: ProgressEvent.State
        var status: String
        var start: ContinuousClock.Instant
        /// When the resource last stopped working; nil while it never did.
        var end: ContinuousClock.Instant?
        var spinnerIndex = 0
    }

    static let spinnerFrames: [Character] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    var title: String
    var colors: Bool
    var dryRun: Bool
    private(set) var lines: [Line] = []
    private var positions: [String: Int] = [:]
    /// Lines printed by the previous frame (header excluded), to move back over them.
    private var printedLines = 0
    private var repeated = false

    init(title: String = "Running", colors: Bool, dryRun: Bool = false) {
        self.title = title
        self.colors = colors
        self.dryRun = dryRun
    }

    var isEmpty: Bool { lines.isEmpty }

    mutating func apply(_ event: ProgressEvent, at instant: ContinuousClock.Instant) {
        guard let position = positions[event.resource] else {
            positions[event.resource] = lines.count
            let finished = event.state != .working
            lines.append(Line(resource: event.resource, state: event.state, status: event.statusText,
                              start: instant, end: finished ? instant : nil))
            return
        }
        var line = lines[position]
        // The timer stops when the resource leaves the working state; it keeps counting from the first event
        // when work resumes (Created → Starting), as docker compose's does.
        if event.state != .working && event.state != line.state {
            line.end = instant
        }
        line.state = event.state
        line.status = event.statusText
        lines[position] = line
    }

    /// The next frame; `width` is the terminal's columns, 0 or less when unknown (then nothing is aligned).
    mutating func frame(now: ContinuousClock.Instant, width: Int) -> String {
        guard !lines.isEmpty else { return "" }
        var out = String(repeating: ANSI.cursorUp, count: printedLines + 1)
        if !repeated {
            out += ANSI.cursorDown
            repeated = true
        }
        out += ANSI.column0 + ANSI.hideCursor

        let done = lines.count(where: { $0.state != .working })
        let header = "[+] \(title) \(done)/\(lines.count)"
        out += (done == lines.count ? ANSI.Style.blue.apply(header, colors: colors) : header) + "\n"

        let idWidth = lines.map(\.resource.count).max() ?? 0
        for index in lines.indices {
            out += render(index: index, idWidth: idWidth, now: now, width: width)
        }
        out += ANSI.showCursor
        printedLines = lines.count
        return out
    }

    private mutating func render(index: Int, idWidth: Int, now: ContinuousClock.Instant, width: Int) -> String {
        var line = lines[index]
        let spinner: String
        switch line.state {
        case .done: spinner = ANSI.Style.green.apply("✔", colors: colors)
        case .warning: spinner = ANSI.Style.yellowBold.apply("!", colors: colors)
        case .failed: spinner = ANSI.Style.redBold.apply("✘", colors: colors)
        case .working:
            if now - line.start > .milliseconds(100) {
                line.spinnerIndex = (line.spinnerIndex + 1) % Self.spinnerFrames.count
                lines[index] = line
            }
            spinner = ANSI.Style.yellow.apply(String(Self.spinnerFrames[line.spinnerIndex]), colors: colors)
        }
        let prefix = dryRun ? ANSI.Style.cyan.apply(ProgressLineFormat.dryRunPrefix, colors: colors) : ""
        let resource = line.resource.padding(toLength: idWidth, withPad: " ", startingAt: 0)
        let left = " " + spinner + prefix + " " + resource + "  "

        let elapsed = line.state == .working ? now - line.start : (line.end ?? line.start) - line.start
        let timer = String(format: "%.1fs ", Self.seconds(elapsed))

        var status = line.status
        if width > 0 {
            // Keep every line within the terminal so the cursor arithmetic of the next frame stays right.
            let room = width - ANSI.visibleWidth(left) - timer.count - 1
            if status.count > room {
                status = room > 3 ? String(status.prefix(room - 3)) + "..." : String(status.prefix(max(room, 0)))
            }
        }
        let statusStyle: ANSI.Style
        switch line.state {
        case .done: statusStyle = .green
        case .warning: statusStyle = .yellowBold
        case .failed: statusStyle = .redBold
        case .working: statusStyle = .none
        }
        let text = left + statusStyle.apply(status, colors: colors)
        let padding = max(width - ANSI.visibleWidth(text) - timer.count, 0)
        return text + String(repeating: " ", count: padding) + ANSI.Style.blue.apply(timer, colors: colors) + "\n"
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
