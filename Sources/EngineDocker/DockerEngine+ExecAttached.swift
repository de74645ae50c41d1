import EngineAPI
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DockerEngine {
    /// Runs a command in a container with the caller's standard input, output and error attached, as
    /// `docker exec -i [-t]` does: `POST /containers/{id}/exec`, then `POST /exec/{id}/start` on a connection
    /// the daemon upgrades to a raw stream, input copied in until it ends (then the write side is closed, so
    /// the command sees end of file), output copied out until the command ends; then its exit code.
    /// - Parameters:
    ///   - tty: a pseudo-terminal in the container (output is then one raw stream); the caller puts its own
    ///     terminal in raw mode.
    ///   - terminalSize: rows and columns for the container's terminal.
    ///   - resizes: later sizes of the caller's terminal (SIGWINCH), applied to the container's while it runs.
    public func execAttached(_ id: String, _ spec: ExecSpec, tty: Bool, terminalSize: (rows: Int, columns: Int)? = nil,
                             resizes: AsyncStream<(rows: Int, columns: Int)>? = nil,
                             input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
                             errors: Int32 = STDERR_FILENO) async throws(EngineError) -> Int {
        var body = DockerExecCreate(spec)
        body.AttachStdin = true
        body.Tty = tty
        let create = DockerRequest("POST", "/containers/\(DockerRequest.segment(id))/exec", body: Self.encode(body))
        let created = try decode(DockerExecCreated.self, from: try await call(create), request: create)
        let execPath = "/exec/\(DockerRequest.segment(created.Id))"
        let start = DockerRequest("POST", execPath + "/start", body: Self.encode(DockerExecStart(Detach: false, Tty: tty)))
        let version = try await apiVersion()
        let connection = try DockerHijackedConnection.connect(transport.endpoint)
        let answer = try connection.upgrade(method: start.method, target: start.target(version: version.description),
                                            body: start.body ?? Data())
        if answer.status != 101 && answer.status != 200 {
            throw DockerErrorMapping.error(for: answer, request: start, resource: nil)
        }
        // Best effort: a failed resize leaves the daemon's default 80x24.
        let engine = self
        @Sendable func resize(_ size: (rows: Int, columns: Int)) async {
            _ = try? await engine.call(DockerRequest("POST", execPath + "/resize",
                                                     query: [("h", String(size.rows)), ("w", String(size.columns))]))
        }
        if tty, let terminalSize { await resize(terminalSize) }
        let follower = tty ? resizes.map { sizes in Task { for await size in sizes { await resize(size) } } } : nil
        defer { follower?.cancel() }
        let copied = await DockerAttachCopier.run(connection: connection, tty: tty, input: input, output: output, errors: errors)
        if let failure = copied {
            throw EngineError(.unavailable, "running \(spec.command.joined(separator: " ")) in \(id) failed", cause: failure)
        }
        let inspect = DockerRequest("GET", execPath + "/json")
        let state = try decode(DockerExecInspect.self, from: try await call(inspect), request: inspect)
        return state.ExitCode ?? -1
    }
}

/// The copy loop of an attached exec, on a thread of its own (blocking `poll`): input → connection,
/// connection → output and errors (demultiplexed without a TTY).
enum DockerAttachCopier {
    /// Returns nil when the stream ended normally, else what failed.
    static func run(connection: DockerHijackedConnection, tty: Bool, input: Int32, output: Int32, errors: Int32) async -> String? {
        await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let thread = Thread {
                continuation.resume(returning: copy(connection: connection, tty: tty, input: input, output: output, errors: errors))
            }
            thread.start()
        }
    }

    private static func copy(connection: DockerHijackedConnection, tty: Bool, input: Int32, output: Int32, errors: Int32) -> String? {
        var frames = DockerFrameDemuxer()
        var daemonError: [UInt8] = []
        func deliver(_ bytes: ArraySlice<UInt8>) {
            if tty {
                writeAll(output, bytes)
                return
            }
            for piece in frames.feed(bytes) {
                switch piece.stream {
                case 2: writeAll(errors, piece.bytes)
                case 3: daemonError += piece.bytes
                default: writeAll(output, piece.bytes)
                }
            }
        }
        deliver(connection.leftover[...])
        var buffer = [UInt8](repeating: 0, count: 32_768)
        var inputOpen = true
        var descriptors = [pollfd(fd: connection.descriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: input, events: Int16(POLLIN), revents: 0)]
        while true {
            descriptors[0].revents = 0
            descriptors[1].revents = 0
            let ready = poll(&descriptors, inputOpen ? 2 : 1, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return "poll: " + String(cString: strerror(errno))
            }
            if descriptors[0].revents != 0 {
                let count = connection.read(into: &buffer)
                if count < 0 { return "reading from the Docker engine: " + String(cString: strerror(errno)) }
                if count == 0 { break }
                deliver(buffer[..<count])
            }
            if inputOpen, descriptors[1].revents != 0 {
                let count = descriptors[1].revents & Int16(POLLNVAL) != 0 ? 0 : buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    inputOpen = false
                    connection.closeWrite()
                } else {
                    do {
                        try connection.writeAll(Array(buffer[..<count]))
                    } catch {
                        // The command may have ended without reading its input: keep reading its output.
                        inputOpen = false
                    }
                }
            }
        }
        if !daemonError.isEmpty { return String(decoding: daemonError, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        return nil
    }

    /// The caller's output is best effort: a closed terminal or pipe must not end the copy of the input.
    private static func writeAll(_ descriptor: Int32, _ bytes: some Collection<UInt8>) {
        _ = DockerHijackedConnection.writeAll(bytes, to: descriptor, socket: false)
    }
}
