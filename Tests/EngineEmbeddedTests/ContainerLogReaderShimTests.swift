import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

/// The log reader following what the real compose-shim writes for a runc container (root, runc, busybox).
@Suite("Container log reader on a real compose-shim log (root)",
       .enabled(if: ShimTestBundle.enabled, "needs root, runc, /bin/busybox, the built compose-shim and SWIFT_COMPOSE_IT containing 'embedded'"))
struct ContainerLogReaderShimTests {
    @Test("follow reads every line through several rotations, joins a 20,000-byte line and ends after the exit")
    func followRealShim() async throws {
        let script = "i=0; while [ $i -lt 150 ]; do echo line-$i; [ $((i % 5)) = 0 ] && sleep 0.1; i=$((i+1)); done; sleep 0.5; "
            + "printf '%020000d\\n' 5; printf partial; exit 0"
        let bundle = try ShimTestBundle(script: script, config: ShimConfig(log: ShimLogConfig(maxSize: 2000, maxFile: 5)))
        let directory = bundle.bundle
        let stream = ContainerLogReader.stream(bundle: directory, options: LogOptions(follow: true, timestamps: true)) { () -> Bool in
            FileManager.default.fileExists(atPath: directory + "/" + ShimFiles.exit)
        }
        let collector = Task {
            var lines: [LogLine] = []
            for try await line in stream { lines.append(line) }
            return lines
        }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(120))
            collector.cancel()
        }
        defer { watchdog.cancel() }
        _ = try bundle.launchAndStart()
        let lines = try await collector.value
        #expect(lines.map(\.text) == (0..<150).map { "line-\($0)" } + [String(repeating: "0", count: 19999) + "5", "partial"])
        #expect(lines.allSatisfy { $0.stream == .stdout && $0.timestamp.flatMap(LogTime.seconds) != nil })
        #expect(FileManager.default.fileExists(atPath: bundle.file("ctr.log.4")))
        // Afterwards, without follow: the end of what the kept files hold (each 16 KiB piece rotated alone).
        var kept: [String] = []
        for try await line in ContainerLogReader.stream(bundle: directory, options: LogOptions(tail: 5), isFinished: { true }) {
            kept.append(line.text)
        }
        #expect(kept.suffix(2) == [String(repeating: "0", count: 19999) + "5", "partial"])
    }
}
