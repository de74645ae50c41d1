import ArgumentParser
import EngineAPI
import Foundation
import Reconciler

/// `compose logs`: the output of the services' containers, prefixed with the container's name.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "View output from containers")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var engineOptions: EngineOptions

    /// `-f` too: `CommandShorthand` turns it into `--follow` before parsing (the global `-f` is `--file`).
    @Flag(name: .long, help: "Follow log output (-f)")
    var follow = false

    @Option(name: [.customShort("n"), .long], help: "Number of lines to show from the end of the logs for each container")
    var tail: String = "all"

    @Option(help: "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
    var since: String?

    @Option(help: "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
    var until: String?

    @Flag(name: [.customShort("t"), .long], help: "Show timestamps")
    var timestamps = false

    @Flag(help: "Don't print prefix in logs")
    var noLogPrefix = false

    @Flag(help: "Produce monochrome output")
    var noColor = false

    @Option(help: "index of the container if service has multiple replicas")
    var index: Int?

    @Argument(help: "Services (default: all)")
    var serviceNames: [String] = []

    func validate() throws {
        if tail != "all" && Int(tail).map({ $0 < 0 }) ?? true {
            throw ValidationError("invalid --tail \"\(tail)\": use a number of lines or all")
        }
        let now = Date().timeIntervalSince1970
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, LogTime.parse(value, now: now) == nil {
                throw ValidationError("invalid \(flag) \"\(value)\": use a timestamp such as 2013-01-02T13:23:37Z or a duration such as 42m")
            }
        }
    }

    func run() async throws {
        let context = try await LifecycleContext.make(global: global, engineOptions: engineOptions, services: serviceNames)
        let observed = try await context.observe()
        let containers = context.serviceContainers(observed) { index == nil || $0.number == index }
        let now = Date().timeIntervalSince1970
        let options = LogOptions(follow: follow, tail: Int(tail), since: since.flatMap { LogTime.parse($0, now: now) },
                                 until: until.flatMap { LogTime.parse($0, now: now) }, timestamps: timestamps)
        // `logs -t` prints the engine's timestamps, passed with each line.
        let printer = LogPrinter.forCommand(global: global, noColor: noColor, prefix: !noLogPrefix, timestamps: false)
        let names = containers.map { LogPrinter.displayName(containerName: $0.plainName, project: context.name,
                                                             service: $0.service ?? "", number: $0.number ?? 0) }
        printer.register(names)
        let failures = await withTaskGroup(of: String?.self) { group in
            for (container, name) in zip(containers, names) {
                group.addTask {
                    do {
                        for try await line in context.engine.containerLogs(container.id, options: options) {
                            printer.log(name, line.text, stream: line.stream == .stderr ? .stderr : .stdout,
                                        timestamp: line.timestamp)
                        }
                        return nil
                    } catch {
                        return "\(container.plainName): \(error)"
                    }
                }
            }
            var failures: [String] = []
            for await failure in group {
                if let failure { failures.append(failure) }
            }
            return failures
        }
        for failure in failures { ErrorOutput.write(failure) }
        if !failures.isEmpty { throw ExitCode(1) }
    }
}
