@testable import ComposeCommands
import Foundation
import Testing

private let esc = "\u{1B}["

@Suite("Output: log printer")
struct OutputLogPrinterTests {
    private func printer(
        colors: Bool = false, prefix: Bool = true, timestamps: Bool = false
    ) -> (LogPrinter, OutputRecorder, OutputRecorder) {
        let out = OutputRecorder()
        let err = OutputRecorder()
        let fixed = Date(timeIntervalSince1970: 1_795_957_312.5)  // 2026-11-29T13:01:52.5Z
        let printer = LogPrinter(colors: colors, prefix: prefix, timestamps: timestamps,
                                 timeZone: TimeZone(identifier: "UTC") ?? .current, now: { fixed },
                                 stdout: out.writer, stderr: err.writer)
        return (printer, out, err)
    }

    @Test("prefixes are padded to the longest name seen so far, as docker compose's")
    func padding() {
        let (printer, out, _) = printer()
        printer.log("db-1", "db ready")
        printer.log("web-1", "hello from web\nsecond line\n")
        printer.log("db-1", "again")
        #expect(out.all == [
            "db-1  | db ready\n",
            "web-1  | hello from web\nweb-1  | second line\n",
            "db-1   | again\n",
        ])
    }

    @Test("colours follow docker compose's rotation in registration order, prefix coloured, line not")
    func colors() {
        let (printer, out, _) = printer(colors: true)
        printer.register(["db-1", "web-1"])
        printer.log("web-1", "hello")
        printer.log("db-1", "ready")
        #expect(out.all == [
            "\(esc)33mweb-1  | \(esc)0mhello\n",
            "\(esc)36mdb-1   | \(esc)0mready\n",
        ])
        let names = (1...11).map { "s\($0)" }
        let (many, manyOut, _) = self.printer(colors: true)
        many.register(names)
        for name in names { many.log(name, "x") }
        let opens = manyOut.all.map { String($0.prefix(while: { $0 != "s" })) }
        #expect(opens == ["36m", "33m", "32m", "35m", "34m", "36;1m", "33;1m", "32;1m", "35;1m", "34;1m", "36m"]
            .map { esc + $0 })
    }

    @Test("--no-log-prefix drops the prefix; stderr lines go to the error writer")
    func noPrefix() {
        let (printer, out, err) = printer(colors: true, prefix: false)
        printer.log("web-1", "hello")
        printer.log("web-1", "oops", stream: .stderr)
        #expect(out.all == ["hello\n"])
        #expect(err.all == ["oops\n"])
    }

    @Test("timestamps after the prefix: the reception time, or the engine's when given")
    func timestamps() {
        let (printer, out, _) = printer(timestamps: true)
        printer.log("web-1", "hello")
        printer.log("web-1", "hi", timestamp: "2026-11-29T13:01:52.263362978Z")
        #expect(out.all == [
            "web-1  | 2026-11-29T13:01:52.500000000Z hello\n",
            "web-1  | 2026-11-29T13:01:52.263362978Z hi\n",
        ])
        let paris = TimeZone(secondsFromGMT: 3_600) ?? .current
        #expect(LogPrinter.rfc3339NanoFixed(Date(timeIntervalSince1970: 1_795_957_312.25), timeZone: paris)
            == "2026-11-29T14:01:52.250000000+01:00")
    }

    @Test("exit lines in the container's colour; banner; display names")
    func statusLines() {
        let (plain, plainOut, _) = printer()
        plain.exited("db-1", code: 3)
        plain.exited("web-1", code: 137, restarting: true)
        #expect(plainOut.all == ["db-1 exited with code 3\n", "web-1 exited with code 137 (restarting)\n"])

        let (colored, coloredOut, _) = printer(colors: true)
        colored.log("db-1", "db ready")
        colored.exited("db-1", code: 0)
        #expect(coloredOut.all[1] == "\(esc)36m\r\(esc)Kdb-1 exited with code 0\(esc)0m\n")

        #expect(LogPrinter.attachBanner(["db-1", "web-1", "worker-1"]) == "Attaching to db-1, web-1, worker-1\n")
        #expect(LogPrinter.displayName(containerName: "proj-web-1", project: "proj", service: "web", number: 1)
            == "web-1")
        #expect(LogPrinter.displayName(containerName: "my-db", project: "proj", service: "db", number: 1) == "my-db")
    }

    @Test("progress among logs, and the stop and abort messages")
    func mixed() {
        let (plain, plainOut, _) = printer()
        plain.progress(.working(ProgressEvent.container("p-web-1"), "Stopping"))
        #expect(plainOut.all == [" Container p-web-1  Stopping\n"])
        let (colored, coloredOut, _) = printer(colors: true)
        colored.progress(.done(ProgressEvent.container("p-web-1"), "Stopped"))
        #expect(coloredOut.all == ["\r\(esc)K Container p-web-1  \(esc)32mStopped\(esc)0m\n"])
        #expect(LogPrinter.gracefulStop == "Gracefully Stopping... press Ctrl+C again to force\n")
        #expect(LogPrinter.abortingOnExit(colors: true) == "\(esc)31m\(esc)1mAborting on container exit...\(esc)0m\n")
    }

    @Test("lines from many containers at once are never interleaved")
    func concurrency() async {
        let (printer, out, _) = printer()
        let names = (1...8).map { "svc\($0)-1" }
        printer.register(names)
        await withTaskGroup(of: Void.self) { group in
            for name in names {
                group.addTask {
                    for index in 0..<200 { printer.log(name, "line \(index) of \(name)") }
                }
            }
        }
        let chunks = out.all
        #expect(chunks.count == 1_600)
        for name in names {
            let mine = chunks.filter { $0.hasPrefix(name + " ") }
            #expect(mine == (0..<200).map { "\(name)  | line \($0) of \(name)\n" })
        }
    }
}
