import EngineAPI
import Foundation
import Reconciler

/// Where a command's execution reports go: per-resource progress (tty board, plain lines, JSON lines or
/// nothing, as `--progress`/`--ansi` say), warnings, build output and the final summary of failures. All of
/// it on standard error, as docker compose prints it.
final class ExecutionOutput: Sendable {
    let project: String
    let renderer: ProgressRenderer
    let settings: ProgressSettings
    /// Operation kinds whose progress is not shown (`up --quiet-pull` hides pulls).
    let hiddenKinds: Set<String>

    init(project: String, global: GlobalOptions, command: String, hiddenKinds: Set<String> = [],
         environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.project = project
        self.hiddenKinds = hiddenKinds
        settings = try OutputSettings.progress(progress: global.progress, ansi: global.ansi, environment: environment,
                                               stderrIsTerminal: isatty(STDERR_FILENO) != 0)
        renderer = ProgressRenderer(settings: settings, title: ProgressVerbs.title(command: command), dryRun: global.dryRun,
                                    width: { TerminalSize.columns(of: STDERR_FILENO) },
                                    write: { ErrorOutput.writeRaw($0) })
    }

    /// A warning, printed at once (before the progress starts) in docker compose's logrus form.
    func warning(_ text: String) {
        switch settings.mode {
        case .quiet: break
        case .json: renderer.message("WARNING: " + text)
        case .tty, .plain: ErrorOutput.write("WARN[0000] \(text)")
        }
    }

    /// A line about the run as a whole ("Aborting on container exit...").
    func notice(_ text: String) {
        if settings.mode != .quiet { ErrorOutput.write(text) }
    }

    func begin(_ plan: Plan) {
        renderer.start()
    }

    func event(_ event: ExecutionEvent) {
        switch event {
        case .started(let operation) where hiddenKinds.contains(operation.operation.kind),
             .succeeded(let operation, _) where hiddenKinds.contains(operation.operation.kind):
            return
        case .started(let operation):
            guard let words = ProgressVerbs.words(for: operation.operation.kind) else { return }
            renderer.emit(.working(Self.resource(operation, project: project), words.working))
        case .succeeded(let operation, _):
            guard let words = ProgressVerbs.words(for: operation.operation.kind) else { return }
            var done = words.done
            if case .waitFor(_, let condition, _) = operation.operation {
                done = ProgressVerbs.waitDone(condition: condition.rawValue)
            }
            renderer.emit(.done(Self.resource(operation, project: project), done))
        case .failed(let operation, let error):
            renderer.emit(.failed(Self.resource(operation, project: project), detail: error.description))
        case .skipped:
            break
        }
    }

    /// A line of a builder's output: streamed in plain mode, the latest line as the detail of the image's
    /// row on a terminal.
    func buildOutput(service: String, line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        switch settings.mode {
        case .plain: ErrorOutput.write("#\(service) \(trimmed)")
        case .tty: renderer.emit(.working("Service " + service, "Building", detail: trimmed))
        case .json, .quiet: break
        }
    }

    /// Ends the progress and prints the summary: every failed operation with its reason, then what did not
    /// run because of it.
    func end(_ report: ExecutionReport) {
        renderer.finish()
        for failure in report.failures {
            ErrorOutput.write("Error response from \(failure.operation.resource) (\(failure.operation.operation.summary)): \(failure.error)")
        }
        let skipped = report.skipped.count
        if skipped > 0 {
            ErrorOutput.write("\(skipped) operation\(skipped == 1 ? " was" : "s were") not run because an operation they depend on failed")
        }
        if report.wasCancelled {
            ErrorOutput.write("interrupted: \(report.notRun.count) operation\(report.notRun.count == 1 ? "" : "s") not run; the next up finishes them")
        }
    }

    /// The progress row's name: `Container proj-web-1`, `Network proj_default`, `Volume proj_data`,
    /// `Image busybox`, `Service db` for waits.
    static func resource(_ operation: PlannedOperation, project: String) -> String {
        switch operation.operation {
        case .createNetwork(let spec): ProgressEvent.network(spec.name)
        case .removeNetwork(let name): ProgressEvent.network(name)
        case .createVolume(let spec): ProgressEvent.volume(spec.name)
        case .removeVolume(let name): ProgressEvent.volume(name)
        case .pullImage(let reference), .pushImage(let reference), .removeImage(let reference): ProgressEvent.image(reference)
        case .buildImage(let service, _): "Service " + service
        case .createContainer(let spec, _): ProgressEvent.container(spec.name)
        case .connectNetwork(let container, _), .disconnectNetwork(let container, _), .startContainer(let container),
             .stopContainer(let container, _), .removeContainer(let container, _, _), .unpauseContainer(let container),
             .pauseContainer(let container), .killContainer(let container, _):
            ProgressEvent.container(container.name)
        case .renameContainer(_, let name): ProgressEvent.container(name)
        case .waitFor(let service, _, _): "Service " + service
        }
    }
}
