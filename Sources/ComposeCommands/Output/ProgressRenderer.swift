import Foundation

/// Renders progress events in one of docker compose's modes, to a writer (standard error in the CLI).
///
/// plain and json write one line per event as it comes; quiet writes nothing; tty keeps a board that a timer
/// redraws about ten times a second between `start()` and `finish()`, and whose final frame stays on screen.
/// Tail messages (`message(_:)`) are printed after the progress in tty mode, at once otherwise.
/// Thread-safe: events may come from many tasks; each write is one whole line or one whole frame.
final class ProgressRenderer: @unchecked Sendable {
    typealias Writer = @Sendable (String) -> Void

    let mode: ProgressMode
    let dryRun: Bool
    private let write: Writer
    private let width: @Sendable () -> Int
    private let clock: @Sendable () -> ContinuousClock.Instant
    // Everything below is guarded by `lock`; that is why the class is `@unchecked Sendable`.
    private let lock = NSLock()
    private var board: TTYProgressBoard
    private var tailMessages: [String] = []
    private var timer: Task<Void, Never>?
    private var finished = false

    /// - Parameters:
    ///   - title: the tty header's verb (`[+] Running 2/3`); see `ProgressVerbs.title(command:)`.
    ///   - width: the terminal's columns, asked at each frame (0 when unknown); see `TerminalSize`.
    ///   - clock: the time of events and frames (tests pass a fixed one).
    init(
        mode: ProgressMode, colors: Bool, title: String = "Running", dryRun: Bool = false,
        width: @escaping @Sendable () -> Int = { 80 },
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        write: @escaping Writer
    ) {
        self.mode = mode
        self.dryRun = dryRun
        self.write = write
        self.width = width
        self.clock = clock
        self.board = TTYProgressBoard(title: title, colors: colors, dryRun: dryRun)
    }

    convenience init(settings: ProgressSettings, title: String = "Running", dryRun: Bool = false,
                     width: @escaping @Sendable () -> Int, write: @escaping Writer) {
        self.init(mode: settings.mode, colors: settings.colors, title: title, dryRun: dryRun, width: width,
                  write: write)
    }

    func emit(_ event: ProgressEvent) {
        emit([event])
    }

    func emit(_ events: [ProgressEvent]) {
        lock.withLock {
            for event in events {
                switch mode {
                case .quiet: break
                case .plain: write(ProgressLineFormat.plain(event, dryRun: dryRun))
                case .json: write(ProgressLineFormat.json(event, dryRun: dryRun))
                case .tty: board.apply(event, at: clock())
                }
            }
        }
    }

    /// A message shown after the progress ("WARNING: …").
    func message(_ text: String) {
        lock.withLock {
            switch mode {
            case .quiet: break
            case .plain: write(ProgressLineFormat.plainMessage(text, dryRun: dryRun))
            case .json: write(ProgressLineFormat.jsonMessage(text, dryRun: dryRun))
            case .tty: tailMessages.append(dryRun ? ProgressLineFormat.dryRunPrefix + text : text)
            }
        }
    }

    /// Starts the tty redraw timer (100 ms, like docker compose's); nothing in the other modes.
    func start() {
        guard mode == .tty else { return }
        lock.withLock {
            guard timer == nil, !finished else { return }
            timer = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    guard let self, !Task.isCancelled else { return }
                    self.redraw()
                }
            }
        }
    }

    /// Draws one tty frame now (the timer calls this); nothing after `finish()` or in the other modes.
    func redraw() {
        lock.withLock {
            guard mode == .tty, !finished else { return }
            drawFrame()
        }
    }

    /// Stops the timer, draws the final frame, then the tail messages. Later events are ignored in tty mode.
    func finish() {
        guard mode == .tty else { return }
        lock.withLock {
            guard !finished else { return }
            finished = true
            timer?.cancel()
            timer = nil
            drawFrame()
            for message in tailMessages {
                write(message + "\n")
            }
            tailMessages = []
        }
    }

    /// Must be called with `lock` held.
    private func drawFrame() {
        let frame = board.frame(now: clock(), width: width())
        if !frame.isEmpty { write(frame) }
    }
}
