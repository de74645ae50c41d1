import ComposeModel
import EngineAPI
import Foundation
import Reconciler

/// `develop.watch` with docker compose's semantics: `sync` copies changed files into the service's running
/// containers (and removes deleted ones), `rebuild` builds the image and lets the controller's next turn
/// recreate the containers, `restart` restarts them, `sync+restart` and `sync+exec` sync first. With
/// `initial_sync` the whole path is synced when watching starts; after the controller creates or starts a
/// container, its service's synced paths are synced again.
actor DevelopWatcher {
    struct Rule: Sendable {
        var service: String
        var trigger: ComposeDevelop.Trigger
        var ignore: DockerIgnore?
        var include: DockerIgnore?
    }

    nonisolated let roots: [String]
    private let rules: [Rule]
    private let engine: any ContainerEngine
    private let project: String
    private let triggers: TriggerQueue
    private let output: WatchOutput
    private var session: ProjectSession
    private var armed = false
    /// `watch --prune`: images a rebuild replaced, per service, removed once its containers were recreated.
    private let prune: Bool
    private var replacedImages: [String: Set<String>] = [:]

    init(session: ProjectSession, services: [String], triggers: TriggerQueue, output: WatchOutput, prune: Bool = false) {
        self.prune = prune
        var rules: [Rule] = []
        let selected = Set(services)
        for (name, service) in session.model.services where selected.isEmpty || selected.contains(name) {
            for trigger in service.develop?.watch ?? [] {
                rules.append(Rule(service: name, trigger: trigger,
                                  ignore: trigger.ignore.isEmpty ? nil : try? DockerIgnore(lines: trigger.ignore),
                                  include: trigger.include.isEmpty ? nil : try? DockerIgnore(lines: trigger.include)))
            }
        }
        self.rules = rules
        self.roots = Array(Set(rules.map(\.trigger.path))).sorted()
        self.engine = session.engine
        self.project = session.name
        self.session = session
        self.triggers = triggers
        self.output = output
    }

    var isEmpty: Bool { rules.isEmpty }

    /// The project as reloaded after an edit (a rebuild uses the current `build:` section).
    func update(_ session: ProjectSession) { self.session = session }

    /// A debounced batch of changed host paths (added, modified or removed).
    func handle(_ paths: [String]) async {
        var rebuilt = Set<String>()
        for rule in rules {
            let relevant = paths.compactMap { path -> String? in
                guard !DevelopPaths.isEditorTemporary(path), let relative = DevelopPaths.relative(path, to: rule.trigger.path),
                      DevelopPaths.matches(relative, ignore: rule.ignore, include: rule.include) else { return nil }
                return path
            }
            if relevant.isEmpty { continue }
            switch rule.trigger.action {
            case .rebuild:
                if rebuilt.insert(rule.service).inserted { await rebuild(rule.service, paths: relevant) }
            case .restart:
                await restart(rule.service, paths: relevant, action: "restart")
            case .sync:
                await sync(rule, paths: relevant)
            case .syncRestart:
                if await sync(rule, paths: relevant) { await restart(rule.service, paths: relevant, action: "sync+restart") }
            case .syncExec:
                if await sync(rule, paths: relevant) { await exec(rule, paths: relevant) }
            }
        }
    }

    /// After the controller created or started containers of `services`: the first call (the initial
    /// convergence) syncs the `initial_sync` rules, later ones every sync rule of those services.
    func containersChanged(_ services: [String]) async {
        let initial = !armed
        armed = true
        for service in services { await pruneReplaced(service) }
        for rule in rules where services.contains(rule.service) && rule.trigger.action.syncs {
            if initial && rule.trigger.initialSync != true { continue }
            let all = FileSnapshot.take([rule.trigger.path], skip: DevelopPaths.isEditorTemporary).stamps
                .filter { !$0.value.isDirectory || $0.key == rule.trigger.path }.keys.sorted()
            let relevant = all.filter { path in
                DevelopPaths.relative(path, to: rule.trigger.path).map {
                    DevelopPaths.matches($0, ignore: rule.ignore, include: rule.include)
                } ?? false
            }
            await sync(rule, paths: relevant, why: initial ? "initial sync" : "container (re)started")
        }
    }

    private func runningContainers(_ service: String) async -> [ObservedContainer] {
        guard let observed = try? await engine.observe(project: project) else { return [] }
        return observed.containers.filter { $0.service == service && !$0.isOneOff && $0.state == .running }
            .sorted { ($0.number ?? 0) < ($1.number ?? 0) }
    }

    /// Copies the existing paths into every running container of the service and removes the deleted ones.
    @discardableResult
    private func sync(_ rule: Rule, paths: [String], why: String? = nil) async -> Bool {
        guard let target = rule.trigger.target else {
            output.sync(service: rule.service, action: "sync", paths: paths, result: "failed: the rule has no target")
            return false
        }
        let containers = await runningContainers(rule.service)
        if containers.isEmpty { return false }
        var present: [CopyEntry] = []
        var removed: [String] = []
        for path in paths {
            guard let relative = DevelopPaths.relative(path, to: rule.trigger.path) else { continue }
            let destination = DevelopPaths.target(relative, under: target)
            if FileManager.default.fileExists(atPath: path) { present.append(CopyEntry(hostPath: path, containerPath: destination)) } else { removed.append(destination) }
        }
        let label = why.map { "sync (\($0))" } ?? "sync"
        do {
            for container in containers {
                if !present.isEmpty { try await engine.copyToContainer(container.id, entries: present) }
                if !removed.isEmpty {
                    let code = try await engine.execInContainer(container.id, ExecSpec(command: ["rm", "-rf"] + removed))
                    if code != 0 { throw EngineError(.internalError, "rm -rf in \(container.plainName) exited with \(code)") }
                }
            }
            output.sync(service: rule.service, action: label, paths: paths.map { Self.display($0, rule) },
                        result: "done in \(containers.count) container\(containers.count == 1 ? "" : "s")")
            return true
        } catch {
            output.sync(service: rule.service, action: label, paths: paths.map { Self.display($0, rule) }, result: "failed: \(error)")
            return false
        }
    }

    private func restart(_ service: String, paths: [String], action: String) async {
        let containers = await runningContainers(service)
        do {
            for container in containers {
                try await engine.stopContainer(container.id, timeout: nil)
                try await engine.startContainer(container.id)
            }
            output.sync(service: service, action: action == "restart" ? "restart" : "restart after sync", paths: paths,
                        result: "restarted \(containers.count) container\(containers.count == 1 ? "" : "s")")
        } catch {
            output.sync(service: service, action: "restart", paths: paths, result: "failed: \(error)")
        }
    }

    private func exec(_ rule: Rule, paths: [String]) async {
        guard let hook = rule.trigger.exec, let command = hook.command, !command.isEmpty else { return }
        let spec = ExecSpec(command: command, user: hook.user, workingDirectory: hook.workingDir,
                            environment: hook.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value ?? "")" },
                            privileged: hook.privileged ?? false)
        for container in await runningContainers(rule.service) {
            do {
                let code = try await engine.execInContainer(container.id, spec)
                output.sync(service: rule.service, action: "exec \(command.joined(separator: " "))", paths: paths,
                            result: code == 0 ? "done" : "exited with code \(code)")
            } catch {
                output.sync(service: rule.service, action: "exec", paths: paths, result: "failed: \(error)")
            }
        }
    }

    /// Builds the service's image; the controller's next turn sees the new image id and recreates.
    private func rebuild(_ service: String, paths: [String]) async {
        guard let build = session.model.services[service]?.build,
              let image = session.desired.services.first(where: { $0.name == service })?.image else {
            output.sync(service: service, action: "rebuild", paths: paths, result: "failed: the service has no build section")
            return
        }
        let spec = BuildSpecMapper.spec(build, image: image, workingDirectory: session.project.workingDirectory)
        let previous = prune ? try? await engine.imageID(image) : nil
        do {
            let built = try await engine.buildImage(spec) { _ in }
            output.sync(service: service, action: "rebuild", paths: paths, result: "built \(image)")
            if let previous, previous != built { replacedImages[service, default: []].insert(previous) }
            triggers.mark(.develop)
        } catch {
            output.sync(service: service, action: "rebuild", paths: paths, result: "failed: \(error)")
        }
    }

    /// Removes the images a rebuild of the service left dangling, now that its containers use the new one.
    /// An image still used elsewhere is the engine's conflict: it is kept (and not tried again).
    private func pruneReplaced(_ service: String) async {
        guard let images = replacedImages.removeValue(forKey: service) else { return }
        for id in images.sorted() {
            let short = String(id.split(separator: ":").last?.prefix(12) ?? "")
            do {
                try await engine.removeImage(id, force: false)
                output.sync(service: service, action: "prune", paths: [], result: "removed dangling image \(short)")
            } catch {
                output.sync(service: service, action: "prune", paths: [], result: "kept image \(short): \(error.message)")
            }
        }
    }

    private static func display(_ path: String, _ rule: Rule) -> String {
        DevelopPaths.relative(path, to: rule.trigger.path).map { $0.isEmpty ? (path as NSString).lastPathComponent : $0 } ?? path
    }
}

extension ComposeDevelop.Action {
    /// Whether the action copies files into the container.
    var syncs: Bool {
        switch self {
        case .sync, .syncRestart, .syncExec: true
        case .rebuild, .restart: false
        }
    }
}
