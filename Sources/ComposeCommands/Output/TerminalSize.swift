import Foundation

/// The size of the terminal behind a file descriptor.
enum TerminalSize {
    /// Columns of the terminal on `descriptor`, or 0 when it is not a terminal.
    static func columns(of descriptor: Int32 = STDERR_FILENO) -> Int {
        window(of: descriptor)?.columns ?? 0
    }

    /// Rows and columns of the terminal on `descriptor`; nil when it is not a terminal.
    static func window(of descriptor: Int32) -> (rows: Int, columns: Int)? {
        var size = winsize()
        #if os(Linux)
        let status = ioctl(descriptor, UInt(TIOCGWINSZ), &size)
        #else
        let status = ioctl(descriptor, TIOCGWINSZ, &size)
        #endif
        return status == 0 ? (Int(size.ws_row), Int(size.ws_col)) : nil
    }

    static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) != 0
    }
}
