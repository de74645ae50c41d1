import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Starts fixture processes with posix_spawn: stdio on /dev/null, an empty signal mask (the test runner's
/// threads block signals, and children would inherit that), exit awaited with waitpid on a thread of its own
/// (Foundation.Process did not report these exits reliably under the test runner).
enum RegistryFixtureProcess {
    /// Spawns `arguments` (arguments[0] looked up on PATH); returns its pid.
    static func spawn(_ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGCHLD, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw RegistryFixture.FixtureError(message: "cannot spawn \(arguments[0]): error \(result)")
        }
        return pid
    }

    /// Runs `arguments` to completion; returns the exit status (128+signal when killed).
    static func run(_ arguments: [String]) async throws -> Int32 {
        let pid = try spawn(arguments)
        return await withCheckedContinuation { continuation in
            Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                let exited = status & 0x7f == 0
                continuation.resume(returning: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f))
            }.start()
        }
    }

    /// SIGKILL and reap a spawned daemon.
    static func kill(_ pid: pid_t) {
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }
}

@Suite("Registry test fixtures")
struct RegistrySpawnTests {
    @Test("a spawned process's exit status is reported, and it starts with no blocked signals")
    func spawnStatus() async throws {
        #expect(try await RegistryFixtureProcess.run(["/bin/sh", "-c", "exit 3"]) == 3)
        // SigBlk all zero: the child can be stopped with SIGTERM like any daemon.
        #expect(try await RegistryFixtureProcess.run(["/bin/sh", "-c", "grep -q '^SigBlk:\t0000000000000000$' /proc/self/status"]) == 0)
    }
}
