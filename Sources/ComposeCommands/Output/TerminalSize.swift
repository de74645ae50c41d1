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

    /// The terminal's new sizes, one per SIGWINCH, until `stop()`.
    static func changes(of descriptor: Int32) -> TerminalResizes { TerminalResizes(descriptor) }
}

/// SIGWINCH as a stream of the terminal's sizes (for a remote terminal that must follow the local one).
final class TerminalResizes: Sendable {
    let sizes: AsyncStream<(rows: Int, columns: Int)>
    private let continuation: AsyncStream<(rows: Int, columns: Int)>.Continuation
    private let source: SourceBox

    /// Dispatch sources are not Sendable: made here, cancelled in `stop()` only.
    private final class SourceBox: @unchecked Sendable {
        let source: any DispatchSourceSignal
        init(_ source: any DispatchSourceSignal) { self.source = source }
    }

    init(_ descriptor: Int32) {
        (sizes, continuation) = AsyncStream.makeStream(of: (rows: Int, columns: Int).self, bufferingPolicy: .bufferingNewest(1))
        signal(SIGWINCH, SIG_IGN)
        let made = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        let continuation = continuation
        made.setEventHandler {
            if let size = TerminalSize.window(of: descriptor) { continuation.yield(size) }
        }
        made.resume()
        source = SourceBox(made)
    }

    func stop() {
        source.source.cancel()
        continuation.finish()
    }
}
