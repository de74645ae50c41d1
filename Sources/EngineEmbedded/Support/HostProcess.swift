import CSystemShims
import EngineAPI
import Foundation
import Glibc

/// Runs a host tool to completion with posix_spawn: pipes made close-on-exec (so no other concurrently spawned
/// child inherits them and holds them open), default signal dispositions and an empty signal mask in the child,
/// stdin fed and stdout/stderr drained with poll(), a deadline enforced with SIGKILL, and a plain waitpid.
/// Foundation.Process serialised concurrent runs (each waited about a second for its termination to be noticed),
/// which turned ten parallel container starts into ten seconds.
enum HostProcess {
    struct Output: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    stdin: [UInt8] = [], timeout: Double = 120) throws(EngineError) -> Output {
        _ = ignoreBrokenPipes
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard csys_pipe_cloexec(&input) == 0 else { throw FileSystem.error("pipe", executable) }
        guard csys_pipe_cloexec(&output) == 0 else {
            closeAll(input)
            throw FileSystem.error("pipe", executable)
        }
        guard csys_pipe_cloexec(&errors) == 0 else {
            closeAll(input + output)
            throw FileSystem.error("pipe", executable)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) }
        argv.append(nil)
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) }
        envp.append(nil)
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = csys_spawn(&pid, executable, argv, envp, input[0], output[1], errors[1])
        close(input[0])
        close(output[1])
        close(errors[1])
        guard spawned == 0 else {
            closeAll([input[1], output[0], errors[0]])
            throw EngineError(.unavailable, "start \(executable)", cause: String(cString: strerror(spawned)))
        }
        var collected = (stdout: [UInt8](), stderr: [UInt8]())
        exchange(pid: pid, stdin: stdin, input: input[1], output: output[0], errors: errors[0], timeout: timeout,
                 into: &collected)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = csys_wifsignaled(status) != 0 ? 128 + csys_wtermsig(status) : csys_wexitstatus(status)
        return Output(status: code, stdout: collected.stdout, stderr: collected.stderr)
    }

    /// Feeds stdin and reads both outputs until they end; past the deadline the child is killed.
    private static func exchange(pid: pid_t, stdin: [UInt8], input: Int32, output: Int32, errors: Int32, timeout: Double,
                                 into collected: inout (stdout: [UInt8], stderr: [UInt8])) {
        var pendingInput = stdin[...]
        var writeEnd: Int32 = input
        if pendingInput.isEmpty {
            close(writeEnd)
            writeEnd = -1
        } else {
            _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        }
        var open: [Int32] = [output, errors]
        let deadline = Date().addingTimeInterval(timeout)
        var killed = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty || writeEnd >= 0 {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if writeEnd >= 0 { fds.append(pollfd(fd: writeEnd, events: Int16(POLLOUT), revents: 0)) }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 && !killed {
                kill(pid, SIGKILL)
                killed = true
            }
            let wait = killed ? 1000 : Int32(min(max(remaining, 0) * 1000, 1000))
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                if entry.fd == writeEnd {
                    let count = pendingInput.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                    if count > 0 { pendingInput = pendingInput.dropFirst(count) }
                    if count < 0 && errno != EAGAIN && errno != EINTR || pendingInput.isEmpty {
                        close(writeEnd)
                        writeEnd = -1
                    }
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if entry.fd == output { collected.stdout += buffer[0..<count] } else { collected.stderr += buffer[0..<count] }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(entry.fd)
                    open.removeAll { $0 == entry.fd }
                }
            }
            // A killed child whose grandchildren keep the pipes open: stop reading after a grace second.
            if killed && deadline.timeIntervalSinceNow < -2 { break }
        }
        closeAll(open + (writeEnd >= 0 ? [writeEnd] : []))
    }

    private static func closeAll(_ fds: [Int32]) {
        for fd in fds where fd >= 0 { close(fd) }
    }
}
