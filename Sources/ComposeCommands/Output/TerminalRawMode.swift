import Foundation

/// The local terminal in raw mode while a remote pseudo-terminal owns the keys (`compose exec` on the Docker
/// engine): every key, Ctrl+C included, goes to the container; the previous settings come back afterwards.
final class TerminalRawMode {
    private let descriptor: Int32
    private var saved: termios?

    init(_ descriptor: Int32 = STDIN_FILENO) {
        self.descriptor = descriptor
        var current = termios()
        guard isatty(descriptor) != 0, tcgetattr(descriptor, &current) == 0 else { return }
        saved = current
        var raw = current
        cfmakeraw(&raw)
        if tcsetattr(descriptor, TCSANOW, &raw) != 0 { saved = nil }
    }

    func restore() {
        guard var settings = saved else { return }
        _ = tcsetattr(descriptor, TCSANOW, &settings)
        saved = nil
    }

    deinit { restore() }
}
