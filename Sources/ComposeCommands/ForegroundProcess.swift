import CSystemShims
import Foundation
import Glibc

/// Runs a program with this process's own stdin, stdout and stderr (an interactive `runc exec`), with default
/// signal handling in the child; this process ignores SIGINT and SIGQUIT meanwhile, as `system(3)` does, so
/// Ctrl+C goes to the program. Returns its exit status (128 + signal when killed).
enum ForegroundProcess {
    static func run(_ arguments: [String]) throws -> Int32 {
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        let previousInterrupt = signal(SIGINT, SIG_IGN)
        let previousQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, previousInterrupt)
            signal(SIGQUIT, previousQuit)
        }
        var pid: pid_t = 0
        let spawned = csys_spawn(&pid, arguments[0], argv, environ, -1, -1, -1)
        guard spawned == 0 else { throw CommandFailure("\(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signalled = status & 0x7f
        return signalled == 0 ? (status >> 8) & 0xff : 128 + signalled
    }
}
