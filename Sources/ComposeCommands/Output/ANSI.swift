/// ANSI escape sequences used by the output layer, spelled as docker compose emits them
/// (github.com/morikuni/aec for progress, its own SGR helper for log prefixes).
enum ANSI {
    static let escape = "\u{1B}["
    static let reset = "\u{1B}[0m"
    static let hideCursor = "\u{1B}[?25l"
    static let showCursor = "\u{1B}[?25h"
    static let cursorUp = "\u{1B}[1A"
    static let cursorDown = "\u{1B}[1B"
    static let column0 = "\u{1B}[0G"
    /// Carriage return + erase line, written before "exited with code" lines (goterm.RESET_LINE).
    static let resetLine = "\r\u{1B}[K"

    /// One SGR attribute applied to a text, or the text unchanged when colours are off.
    struct Style: Sendable, Equatable {
        /// The escape sequences that open the style, e.g. "\e[33m\e[1m".
        var open: String

        static let none = Style(open: "")
        static let blue = Style(open: escape + "34m")
        static let yellow = Style(open: escape + "33m")
        static let green = Style(open: escape + "32m")
        static let cyan = Style(open: escape + "36m")
        static let yellowBold = Style(open: escape + "33m" + escape + "1m")
        static let redBold = Style(open: escape + "31m" + escape + "1m")

        func apply(_ text: String, colors: Bool) -> String {
            guard colors, !open.isEmpty else { return text }
            return open + text + ANSI.reset
        }
    }

    /// Visible width of a string: characters outside escape sequences (docker compose's lenAnsi).
    static func visibleWidth(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if scalar == "\u{1B}" {
                inEscape = true
            } else if inEscape {
                if scalar == "m" { inEscape = false }
            } else {
                width += 1
            }
        }
        return width
    }
}
