import ArgumentParser
import EngineAPI
import Foundation
import Reconciler

/// `compose up`: converge the project (create, recreate, start what the plan says), then follow the
/// attached services' output, wait until the stack is running and healthy (`--wait`), or return (`-d`).
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Create and start containers",
        discussion: "Builds, (re)creates, starts, and attaches to containers for a service. Only what the plan needs is changed: `compose plan` shows it first."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var converge: ConvergeOptions

    @Flag(name: [.customShort("d"), .long], help: "Detached mode: Run containers in the background")
    var detach = false

    @Flag(help: "Don't start the services after creating them")
    var noStart = false

    @Flag(help: "Wait for services to be running|healthy. Implies detached mode.")
    var wait = false

    @Option(help: "Maximum duration in seconds to wait for the project to be running|healthy")
    var waitTimeout: Int?

    @Flag(help: "Stops all containers if any container was stopped. Incompatible with -d")
    var abortOnContainerExit = false

    @Flag(help: "Stops all containers if any container exited with failure. Incompatible with -d")
    var abortOnContainerFailure = false

    @Option(help: "Return the exit code of the selected service container. Implies --abort-on-container-exit")
    var exitCodeFrom: String?

    @Option(help: "Restrict attaching to the specified services. Incompatible with --attach-dependencies.")
    var attach: [String] = []

    @Flag(help: "Automatically attach to log output of dependent services")
    var attachDependencies = false

    @Option(help: "Do not attach (stream logs) to the specified services")
    var noAttach: [String] = []

    @Flag(help: "Show timestamps")
    var timestamps = false

    @Flag(help: "Don't print prefix in logs")
    var noLogPrefix = false

    @Flag(help: "Produce monochrome output")
    var noColor = false

    @Flag(help: "Pull without printing progress information")
    var quietPull = false

    @Option(name: [.customShort("t"), .long], help: "Use this timeout in seconds for container shutdown when attached or when containers are already running")
    var timeout: Int?

    @Flag(name: [.customShort("w"), .long], help: "Watch source code and rebuild/refresh containers when files are updated.")
    var watch = false

    @Argument(help: "Services to start (with their dependencies unless --no-deps)")
    var serviceNames: [String] = []

    func validate() throws {
        if watch && (detach || wait) {
            throw ValidationError("--watch cannot be combined with -d/--detach or --wait: the watcher runs attached (use `compose watch` in another terminal)")
        }
        if watch && (abortOnContainerExit || abortOnContainerFailure || exitCodeFrom != nil || noStart) {
            throw ValidationError("--watch cannot be combined with --no-start, --abort-on-container-exit, --abort-on-container-failure or --exit-code-from")
        }
        let aborting = abortOnContainerExit || abortOnContainerFailure || exitCodeFrom != nil
        if detach && aborting {
            throw ValidationError("--abort-on-container-exit, --abort-on-container-failure and --exit-code-from are incompatible with -d/--detach")
        }
        if abortOnContainerExit && abortOnContainerFailure {
            throw ValidationError("--abort-on-container-exit and --abort-on-container-failure are incompatible")
        }
        if wait && aborting {
            throw ValidationError("--wait cannot be combined with --abort-on-container-exit, --abort-on-container-failure or --exit-code-from")
        }
        if !attach.isEmpty && attachDependencies {
            throw ValidationError("--attach and --attach-dependencies are incompatible")
        }
        if let waitTimeout, waitTimeout < 0 {
            throw ValidationError("--wait-timeout must be zero or positive")
        }
        if noStart && (wait || aborting) {
            throw ValidationError("--no-start is incompatible with --wait and the abort flags")
        }
    }

    func run() async throws {
        let session = try await ProjectSession(global: global, engineOptions: engineOptions, services: serviceNames,
                                               scale: try converge.scaleOverrides())
        if let exitCodeFrom, !session.desired.services.contains(where: { $0.name == exitCodeFrom }) {
            throw CommandFailure("no such service: \(exitCodeFrom)")
        }
        if watch {
            try await runWatching(session)
            return
        }
        let output = try ExecutionOutput(project: session.name, global: global, command: "up",
                                         hiddenKinds: quietPull ? ["pullImage"] : [])
        let started = Date().timeIntervalSince1970
        let signals = SignalTrap()
        let convergence = Convergence(session: session,
                                      planOptions: converge.planOptions(services: serviceNames, noStart: noStart, timeout: timeout),
                                      executorOptions: ExecutorOptionsFactory.make(global: global),
                                      output: output)
        let report = try await convergence.runInterruptible(dryRun: global.dryRun, signals: signals)
        guard let report else { return }
        if report.wasCancelled { throw ExitCode(130) }
        guard report.succeeded else { throw ExitCode(1) }
        if noStart { return }

        if wait {
            let expected = Dictionary(uniqueKeysWithValues: session.selectedServices(serviceNames, noDeps: converge.noDeps)
                .map { ($0.name, $0.replicas) })
            let waiter = StackWaiter(engine: session.engine, project: session.name, expected: expected)
            try await waiter.wait(timeout: waitTimeout.map { Duration.seconds($0) })
            return
        }
        if detach { return }

        let attached = try await attachedContainers(session)
        let onExit: AttachedRun.OnExit = abortOnContainerExit || exitCodeFrom != nil ? .abortOnExit
            : abortOnContainerFailure ? .abortOnFailure : .ignore
        let printer = LogPrinter.forCommand(global: global, noColor: noColor, prefix: !noLogPrefix, timestamps: false)
        let run = AttachedRun(session: session, containers: attached, onExit: onExit, exitCodeFrom: exitCodeFrom,
                              timestamps: timestamps, stopTimeout: timeout, printer: printer, output: output,
                              since: started)
        let status = await run.run(signals: signals)
        if status != 0 { throw ExitCode(status) }
    }

    /// `up --watch`: the controller converges (its first turn is this `up`) and keeps the project converged,
    /// with the services' output printed as they run.
    private func runWatching(_ session: ProjectSession) async throws {
        let signals = SignalTrap()
        let output = try WatchOutput(project: session.name, global: global)
        let printer = LogPrinter.forCommand(global: global, noColor: noColor, prefix: !noLogPrefix, timestamps: timestamps)
        var followed: Set<String>? = attach.isEmpty ? (serviceNames.isEmpty ? nil : Set(serviceNames)) : Set(attach)
        if !noAttach.isEmpty {
            followed = (followed ?? Set(session.desired.services.map(\.name))).subtracting(noAttach)
        }
        var run = WatchRun(session: session, global: global, services: serviceNames,
                           planOptions: converge.planOptions(services: serviceNames, timeout: timeout), output: output, signals: signals)
        run.logs = WatchLogFollower(engine: session.engine, project: session.name, services: followed, printer: printer)
        throw ExitCode(await run.run())
    }

    /// docker compose's choice: the named services (or all), plus their dependencies with
    /// `--attach-dependencies`; `--attach` overrides; `--no-attach` removes.
    private func attachedContainers(_ session: ProjectSession) async throws -> [ObservedContainer] {
        var services: Set<String>
        if !attach.isEmpty {
            services = Set(attach)
        } else if serviceNames.isEmpty || attachDependencies {
            services = Set(session.selectedServices(serviceNames, noDeps: converge.noDeps).map(\.name))
        } else {
            services = Set(serviceNames)
        }
        services.subtract(noAttach)
        // Only the containers are needed: not the image and external-resource lookups of `session.observe()`.
        let observed: ObservedState
        do {
            observed = try await session.engine.observe(project: session.name)
        } catch {
            throw CommandFailure(error.description)
        }
        return observed.containers.filter { container in
            !container.isOneOff && container.service.map(services.contains) == true
        }.sorted { $0.plainName < $1.plainName }
    }
}
