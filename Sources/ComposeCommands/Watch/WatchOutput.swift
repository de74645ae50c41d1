import ComposeLoader
import ComposeModel
import EngineAPI
import Foundation
import Reconciler

/// What the watcher says, on standard error: one line per action (what, why, result) as text, or with
/// `--progress json` one JSON object per line (`schemas/watch-events.schema.json`): `watch`, `turn`,
/// `plan`, `action`, `heal`, `held`, `sync`, `error`.
struct WatchOutput: Sendable {
    let json: Bool
    let quiet: Bool
    let colors: Bool
    let project: String

    init(project: String, global: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let settings = try OutputSettings.progress(progress: global.progress, ansi: global.ansi, environment: environment,
                                                   stderrIsTerminal: isatty(STDERR_FILENO) != 0)
        self.project = project
        json = settings.mode == .json
        quiet = settings.mode == .quiet
        colors = ErrorOutput.useColors(global.ansi)
    }

    func started(files: [String], developPaths: [String]) {
        emit(["type": "watch", "state": "started", "files": files, "developPaths": developPaths],
             text: "Watch enabled: project \(project) is kept converged (\(files.count) project file\(files.count == 1 ? "" : "s"), "
                 + "\(developPaths.count) develop.watch path\(developPaths.count == 1 ? "" : "s"))")
    }

    func stopped(signal: Int32) {
        emit(["type": "watch", "state": "stopped", "reason": "signal", "signal": Int(signal)],
             text: "Watch stopped (signal \(signal)): the stack is left as it is")
    }

    /// `compose down` ran while watching: the watch ends instead of bringing the project back.
    func takenDown(at time: Double) {
        emit(["type": "watch", "state": "stopped", "reason": "down", "downAt": time],
             text: "Watch stopped: project \(project) was taken down by compose down")
    }

    func leftStoppedByUser(_ service: String) {
        emit(["type": "heal", "resource": ResourceID(.service, service).description, "what": "none",
              "why": "stopped by compose stop, kill or down", "result": "skipped"],
             text: "\(service): stopped by compose stop, kill or down; left alone until compose start, restart or up")
    }

    func turn(_ number: Int, triggers: Set<Trigger>, plan: Plan) {
        let names = triggers.sorted().map(\.rawValue)
        if json {
            emit(["type": "turn", "turn": number, "triggers": names, "operations": plan.operations.count], text: "")
            emit(["type": "plan", "turn": number, "operations": plan.operations.map(Self.operationObject)], text: "")
            return
        }
        emit([:], text: "turn \(number) (\(names.joined(separator: ", "))): applying \(plan.operations.count) "
             + "operation\(plan.operations.count == 1 ? "" : "s"):\n" + plan.text().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    }

    func action(_ operation: PlannedOperation, turn: Int, error: EngineError?) {
        var object = Self.operationObject(operation)
        object["type"] = "action"
        object["turn"] = turn
        object["result"] = error == nil ? "done" : "failed"
        if let error { object["error"] = error.description }
        let result = error.map { "failed: \($0.description)" } ?? "done"
        emit(object, text: "\(operation.resource): \(operation.operation.summary) (\(operation.cause.text)): \(result)")
    }

    func heal(_ resource: ResourceID, what: String, why: String, error: String? = nil) {
        var object: [String: Any] = ["type": "heal", "resource": resource.description, "what": what, "why": why,
                                     "result": error == nil ? "done" : "failed"]
        if let error { object["error"] = error }
        emit(object, text: "heal \(resource): \(what) (\(why)): " + (error.map { "failed: \($0)" } ?? "done"))
    }

    func held(_ held: WatchPlanFilter.HeldBack, seconds: Double, delay: Double) {
        emit(["type": "held", "resource": held.resource.description, "retryIn": Self.rounded(seconds), "backoff": Self.rounded(delay)],
             text: "\(held.resource): repair held back \(Self.rounded(seconds))s (backoff \(Self.rounded(delay))s)")
    }

    func leftStopped(_ resource: ResourceID) {
        emit(["type": "heal", "resource": resource.description, "what": "none", "why": "stopped; its restart policy does not restart it",
              "result": "skipped"],
             text: "\(resource): stopped; left alone (its restart policy does not restart it)")
    }

    func sync(service: String, action: String, paths: [String], result: String) {
        emit(["type": "sync", "service": service, "action": action, "paths": paths, "result": result],
             text: "\(service): \(action)" + (paths.isEmpty ? "" : " " + (paths.count == 1 ? paths[0] : "\(paths.count) paths"))
                 + ": \(result)")
    }

    func error(_ message: String, resource: ResourceID? = nil, terminal: Bool = false) {
        var object: [String: Any] = ["type": "error", "message": message, "terminal": terminal]
        if let resource { object["resource"] = resource.description }
        let prefix = resource.map { "\($0): " } ?? ""
        emit(object, text: "error: " + (message.hasPrefix(prefix) ? "" : prefix) + message
             + (terminal ? " (retrying cannot fix this: waiting for an edit)" : ""))
    }

    /// An edit that does not load: its located errors, and the promise that nothing changed.
    func invalidEdit(_ diagnostics: [Diagnostic]) {
        if json {
            emit(["type": "error", "message": "the project files are invalid; the running stack is left untouched", "terminal": true,
                  "diagnostics": diagnostics.map { diagnostic -> [String: Any] in
                      var object: [String: Any] = ["severity": diagnostic.severity.rawValue, "message": diagnostic.message]
                      if let location = diagnostic.location { object["location"] = location.description }
                      if let path = diagnostic.path { object["path"] = path }
                      return object
                  }],
                 text: "")
            return
        }
        var renderer = DiagnosticRenderer(colors: colors)
        ErrorOutput.write(renderer.render(diagnostics))
        emit([:], text: "the project files are invalid: the running stack is left untouched until they are fixed")
    }

    func note(_ text: String) {
        emit(["type": "note", "message": text], text: text)
    }

    private func emit(_ object: [String: Any], text: String) {
        if quiet { return }
        if json {
            var object = object
            object["time"] = Date().timeIntervalSince1970
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            else { return }
            ErrorOutput.write(String(decoding: data, as: UTF8.self))
        } else if !text.isEmpty {
            ErrorOutput.write("watch: " + text)
        }
    }

    private static func operationObject(_ operation: PlannedOperation) -> [String: Any] {
        ["id": operation.id, "kind": operation.operation.kind, "resource": operation.resource.description,
         "summary": operation.operation.summary, "cause": operation.cause.kind, "why": operation.cause.text]
    }

    private static func rounded(_ seconds: Double) -> Double { (seconds * 10).rounded() / 10 }
}
