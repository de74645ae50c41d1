@testable import EngineEmbedded
import Testing

@Suite("Embedded engine: top")
struct EmbeddedTopTests {
    @Test("ps -ef is cut into columns, the command keeps its spaces, only the container's pids stay")
    func table() {
        let output = """
        UID          PID    PPID  C STIME TTY          TIME CMD
        root           1       0  0 02:07 ?        00:00:01 /sbin/init splash
        root       31336   31320  0 03:13 ?        00:00:00 /sbin/docker-init -- sleep 3600
        1234       31356   31336  0 03:13 pts/0    00:00:00 sleep  3600
        """
        let table = EmbeddedEngine.processTable(psOutput: output, pids: ["31336", "31356"])
        #expect(table.titles == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"])
        #expect(table.processes == [["root", "31336", "31320", "0", "03:13", "?", "00:00:00", "/sbin/docker-init -- sleep 3600"],
                                    ["1234", "31356", "31336", "0", "03:13", "pts/0", "00:00:00", "sleep  3600"]])
    }
}
