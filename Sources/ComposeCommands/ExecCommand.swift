import ArgumentParser
import EngineAPI
import EngineDocker
import EngineEmbedded
import Foundation
import Glibc

/// `compose exec`: runs a command in a running service container and exits with its status.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Execute a command in a running container")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    @Flag(name: [.customShort("d"), .long], help: "Detached mode: Run command in the background")
    var detach = false

    @Option(name: [.customShort("e"), .long], help: "Set environment variables")
    var env: [String] = []

    @Option(help: "Index of the container if service has multiple replicas")
    var index: Int = 1

    @Flag(name: [.customShort("T"), .customLong("no-TTY")],
          help: "Disable pseudo-TTY allocation. By default `compose exec` allocates a TTY when its output is a terminal.")
    var noTTY = false

    @Flag(help: "Give extended privileges to the process")
    var privileged = false

    @Option(name: [.customShort("u"), .long], help: "Run the command as this user")
    var user: String?

    @Option(name: [.customShort("w"), .long], help: "Path to workdir directory for this command")
    var workdir: String?

    @Argument(help: "The service to run the command in")
    var service: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments")
    var command: [String] = []

    func validate() throws {
        if command.isEmpty { throw ValidationError("requires at least 2 arguments: SERVICE COMMAND [ARGS...]") }
        if index < 1 { throw ValidationError("--index must be 1 or more") }
    }

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: [service])
        let observed = try await context.observe()
        let candidates = observed.containers.filter { !$0.isOneOff && $0.service == service && ($0.number ?? 1) == index }
        guard let container = candidates.first(where: { $0.state == .running }) else {
            throw CommandFailure(candidates.isEmpty ? "service \"\(service)\" is not running"
                                 : "container \(candidates[0].plainName) is not running")
        }
        let spec = ExecSpec(command: command, user: user, workingDirectory: workdir, environment: env, privileged: privileged)
        let tty = !noTTY && isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1
        let status: Int32
        do {
            status = try await execute(spec, in: container.id, engine: context.engine, tty: tty)
        } catch let error as EngineError {
            throw CommandFailure(error.description)
        }
        if status != 0 { throw ExitCode(status) }
    }

    private func execute(_ spec: ExecSpec, in id: String, engine: any ContainerEngine, tty: Bool) async throws -> Int32 {
        if let embedded = engine as? EmbeddedEngine {
            let (arguments, file) = try embedded.interactiveExec(id, spec, tty: tty, detach: detach)
            defer { unlink(file) }
            return try ForegroundProcess.run(arguments)
        }
        if let docker = engine as? DockerEngine {
            if detach {
                try await docker.execDetached(id, spec)
                return 0
            }
            // docker compose attaches stdin always (`-i` is implied); with a TTY the local terminal goes raw.
            let size = tty ? TerminalSize.window(of: STDOUT_FILENO) : nil
            let terminal = tty ? TerminalRawMode(STDIN_FILENO) : nil
            defer { terminal?.restore() }
            let resizes = tty ? TerminalSize.changes(of: STDOUT_FILENO) : nil
            defer { resizes?.stop() }
            let code = try await docker.execAttached(id, spec, tty: tty, terminalSize: size, resizes: resizes?.sizes)
            return Int32(truncatingIfNeeded: code)
        }
        return Int32(truncatingIfNeeded: try await engine.execInContainer(id, spec))
    }
}
