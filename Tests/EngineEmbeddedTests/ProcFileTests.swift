@testable import EngineEmbedded
import Foundation
import Testing

@Suite("procfs reads")
struct ProcFileTests {
    @Test("a procfs file is read past its first page; one of a process that is gone or going reads as nil, never a crash")
    func read() throws {
        let maps = try #require(ProcFile.read("/proc/self/maps"))
        #expect(maps.utf8.count > 4096)
        #expect(maps.hasSuffix("\n"))
        #expect(ProcFile.read("/proc/999999999/stat") == nil)
        // Processes exiting while their files are read: each read gives the file or nil.
        for _ in 0..<20 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/true")
            try process.run()
            let path = "/proc/\(process.processIdentifier)/stat"
            while process.isRunning { _ = ProcFile.read(path) }
            process.waitUntilExit()
            _ = ProcFile.read(path)
        }
    }
}
